// Search-as-you-type for the household of a support visit. Without JavaScript the "Find"
// button does the same search on the server; this only saves the round trip of a submit.
(function () {
  "use strict";
  var input = document.getElementById("id_household_query");
  if (!input) return;
  var results = document.getElementById(input.dataset.results);
  var timer = null;
  var latest = 0;

  function chosen() {
    var checked = results.querySelector("input[name=household]:checked");
    return checked ? checked.value : "";
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    var url = input.dataset.searchUrl + "?q=" + encodeURIComponent(query) + "&chosen=" + encodeURIComponent(chosen());
    fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (ticket === latest) results.innerHTML = html; })
      .catch(function () { /* the Find button still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  // Enter in the search box searches instead of submitting the whole visit.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      search();
    }
  });
})();
