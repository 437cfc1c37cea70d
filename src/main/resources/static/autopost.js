// Submits the SAML form at once; the page keeps a visible button for browsers without scripts.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('saml-post');
  if (form) {
    form.submit();
  }
});
