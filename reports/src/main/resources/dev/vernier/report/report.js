(function () {
  'use strict';
  var dataNode = document.getElementById('vernier-data');
  var data = dataNode ? JSON.parse(dataNode.textContent) : {};

  function numberKey(cell) {
    var v = cell.getAttribute('data-v');
    return v === null || v === '' ? NaN : parseFloat(v);
  }

  function textKey(cell) {
    var v = cell.getAttribute('data-v');
    return (v === null ? cell.textContent : v).toLowerCase();
  }

  function sortTable(table, index, th) {
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    var heads = table.tHead.rows[0].cells;
    for (var h = 0; h < heads.length; h++) {
      heads[h].removeAttribute('aria-sort');
    }
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var numeric = th.getAttribute('data-sort') === 'num';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var dir = ascending ? 1 : -1;
    rows.sort(function (a, b) {
      if (numeric) {
        var x = numberKey(a.cells[index]);
        var y = numberKey(b.cells[index]);
        if (isNaN(x) && isNaN(y)) { return 0; }
        if (isNaN(x)) { return 1; }
        if (isNaN(y)) { return -1; }
        return (x - y) * dir;
      }
      var s = textKey(a.cells[index]);
      var t = textKey(b.cells[index]);
      return s < t ? -dir : s > t ? dir : 0;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.hasAttribute('data-sort')) { return; }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.title = 'Sort by this column';
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener('click', function () { sortTable(table, index, th); });
    });
  });

  var matrix = document.getElementById('matrix');
  var controls = document.getElementById('controls');
  if (!matrix || !controls) { return; }
  var rows = Array.prototype.slice.call(matrix.tBodies[0].rows);
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var pageSize = data.pageSize > 0 ? data.pageSize : 200;
  var page = 0;
  var failOnly = document.getElementById('filter-failures');
  var disagree = document.getElementById('filter-disagree');
  var search = document.getElementById('filter-search');
  var info = document.getElementById('matrix-info');
  var prev = document.getElementById('page-prev');
  var next = document.getElementById('page-next');

  function matching() {
    var q = search.value.trim().toLowerCase();
    var out = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (failOnly.checked && r.getAttribute('data-fail') !== '1') { continue; }
      if (disagree.checked && r.getAttribute('data-disagree') !== '1') { continue; }
      if (q && texts[i].indexOf(q) < 0) { continue; }
      out.push(r);
    }
    return out;
  }

  function render() {
    var shown = matching();
    var pages = Math.max(1, Math.ceil(shown.length / pageSize));
    if (page >= pages) { page = pages - 1; }
    rows.forEach(function (r) { r.hidden = true; });
    var from = page * pageSize;
    var to = Math.min(shown.length, from + pageSize);
    for (var i = from; i < to; i++) { shown[i].hidden = false; }
    info.textContent = shown.length === 0 ? 'No row matches.'
      : 'Rows ' + (from + 1) + '\u2013' + to + ' of ' + shown.length + ' matching (' + rows.length + ' in all), page '
        + (page + 1) + ' of ' + pages + '.';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function reset() { page = 0; render(); }
  failOnly.addEventListener('change', reset);
  disagree.addEventListener('change', reset);
  search.addEventListener('input', reset);
  prev.addEventListener('click', function () { if (page > 0) { page--; render(); } });
  next.addEventListener('click', function () { page++; render(); });
  controls.hidden = false;
  render();
}());
