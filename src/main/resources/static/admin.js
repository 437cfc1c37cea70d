// Signet admin console: small progressive enhancements. Every page works without this file.
document.addEventListener('click', function (event) {
  // Copy buttons: <button type="button" class="copy" data-copy="element-id">
  var button = event.target.closest('button[data-copy]');
  if (!button) { return; }
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source || !navigator.clipboard) { return; }
  navigator.clipboard.writeText(source.textContent).then(function () {
    var label = button.textContent;
    button.textContent = 'Copied';
    setTimeout(function () { button.textContent = label; }, 1500);
  });
});
