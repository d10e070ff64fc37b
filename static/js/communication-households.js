// The households a communication activity reached: search as you type among those of the
// ticked villages, and hide the list while "reaches every household" is ticked. Without
// JavaScript the "Find" button does the same search on the server; this only saves the
// round trip of a submit.
(function () {
  "use strict";
  var input = document.getElementById("id_household_query");
  if (!input) return;
  var form = input.form;
  var found = document.getElementById(input.dataset.results);
  var ticked = document.getElementById(input.dataset.ticked);
  var everyone = document.getElementById("id_reaches_all_households");
  var fieldset = document.getElementById("households-reached");
  var timer = null;
  var latest = 0;

  function villages() {
    return Array.prototype.map.call(
      form.querySelectorAll("input[name=villages]:checked"),
      function (box) { return box.value; }
    );
  }

  // A household ticked among the results joins the ticked ones, so that a new search keeps it.
  function keepTicked() {
    found.querySelectorAll("input[name=households]:checked").forEach(function (box) {
      ticked.appendChild(box.closest(".form-check"));
    });
  }

  function search() {
    keepTicked();
    var params = new URLSearchParams();
    params.append("q", input.value.trim());
    villages().forEach(function (id) { params.append("villages", id); });
    var ticket = ++latest;
    fetch(input.dataset.searchUrl + "?" + params.toString(), {
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || ticket !== latest) return;
        found.innerHTML = html;
        found.querySelectorAll("input[name=households]").forEach(function (box) {
          var selector = 'input[name=households][value="' + box.value + '"]';
          if (ticked.querySelector(selector)) box.closest(".form-check").remove();
        });
      })
      .catch(function () { /* the Find button still works */ });
  }

  function showHouseholds() {
    if (everyone && fieldset) fieldset.hidden = everyone.checked;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  // Enter in the search box searches instead of saving the whole activity.
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      search();
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "villages" && input.value.trim()) search();
    if (event.target === everyone) showHouseholds();
  });
  showHouseholds();
})();
