// Signet portal: filters the tiles as the user types. Without this file the search form filters on the server (?q=).
(function () {
  var input = document.getElementById('q');
  var tiles = document.getElementById('tiles');
  var noMatch = document.getElementById('no-match');
  var noMatchText = document.getElementById('no-match-text');
  if (!input || !tiles || !noMatch || !noMatchText) { return; }

  function filter() {
    var typed = input.value.trim();
    var needle = typed.toLowerCase();
    var shown = 0;
    tiles.querySelectorAll('li.tile').forEach(function (tile) {
      var match = needle === '' || (tile.getAttribute('data-search') || '').indexOf(needle) !== -1;
      tile.hidden = !match;
      if (match) { shown += 1; }
    });
    noMatch.hidden = shown > 0;
    if (shown === 0) { noMatchText.textContent = 'No applications match \u201c' + typed + '\u201d.'; }
  }

  input.addEventListener('input', filter);
}());
