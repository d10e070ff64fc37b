// Choosing many rows of a list: <form data-select="households"> with a hidden "select all on
// this page" box (data-select-page) shown here, and a box for every row matching the filters,
// on every page (data-select-every), which the server applies: while it is ticked, the rows of
// the page show as ticked and cannot be changed one by one. Without JavaScript the rows are
// ticked one by one and the "every row" box still works.
(function () {
  "use strict";

  document.querySelectorAll("form[data-select]").forEach(function (form) {
    var name = form.dataset.select;
    var page = form.querySelector("input[data-select-page]");
    var every = form.querySelector("input[data-select-every]");

    function rows() {
      return Array.prototype.slice.call(
        form.querySelectorAll('input[type=checkbox][name="' + name + '"]')
      );
    }

    function refresh() {
      if (!page) return;
      var all = rows();
      var ticked = all.filter(function (row) { return row.checked; }).length;
      page.checked = all.length > 0 && ticked === all.length;
      page.indeterminate = ticked > 0 && ticked < all.length;
      page.disabled = Boolean(every && every.checked);
    }

    function cover() {
      rows().forEach(function (row) {
        if (every.checked && !row.disabled) {
          row.dataset.ticked = row.checked ? "yes" : "";
          row.checked = true;
          row.disabled = true;
        } else if (!every.checked && row.disabled) {
          row.checked = row.dataset.ticked === "yes";
          row.disabled = false;
        }
      });
      refresh();
    }

    if (page) {
      var holder = page.closest("[hidden]");
      if (holder) holder.hidden = false;
      page.addEventListener("change", function () {
        rows().forEach(function (row) { row.checked = page.checked; });
        refresh();
      });
    }
    if (every) {
      every.addEventListener("change", cover);
      cover();
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === name) refresh();
    });
    window.addEventListener("pageshow", refresh);
    refresh();
  });
})();
