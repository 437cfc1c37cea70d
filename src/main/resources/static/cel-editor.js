// Signet admin console, property mapping editor: checks the CEL expression while it is typed, with the
// same endpoint the admin API offers (POST /api/v1/property-mappings/check), and shows "OK" or the error
// (with its line:column and caret) in the live region under the field. Without this file the server
// still checks the expression on save.
(function () {
  var DELAY_MS = 400;

  function setup(field) {
    var region = document.getElementById('expression-check');
    var csrf = field.form && field.form.querySelector('input[name=csrf]');
    if (!region || !csrf) { return; }
    var timer = null;
    var sequence = 0;

    function show(ok, text) {
      region.textContent = '';
      var node = document.createElement(ok ? 'p' : 'pre');
      node.className = ok ? 'check-ok' : 'field-error';
      node.textContent = text;
      region.appendChild(node);
    }

    function check() {
      var expression = field.value;
      var mine = ++sequence;
      if (expression.trim() === '') { region.textContent = ''; return; }
      fetch(field.getAttribute('data-cel-check'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf.value },
        body: JSON.stringify({ expression: expression })
      }).then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.json();
      }).then(function (result) {
        if (mine !== sequence) { return; } // a newer check is under way
        if (result.valid) { show(true, 'Expression OK.'); } else { show(false, result.error); }
      }).catch(function () {
        if (mine === sequence) { region.textContent = 'The expression could not be checked now; it is checked on save.'; }
      });
    }

    field.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(check, DELAY_MS);
    });
  }

  document.querySelectorAll('textarea[data-cel-check]').forEach(setup);
})();
