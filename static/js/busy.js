// Long work (an Excel import, a report file): the button says the portal is working, and a
// second press does not start the work again. <form data-busy="text"> and <a data-busy="text">;
// without JavaScript everything works as before. A link comes back after a while (the
// browser shows the download itself); a form comes back when the page is shown again.
(function () {
  "use strict";
  var LINK_RESET_MS = 8000;

  function show(element, text) {
    element.classList.add("disabled");
    element.setAttribute("aria-disabled", "true");
    if (element.tagName === "INPUT") {
      element.dataset.busyLabel = element.value;
      element.value = text;
      return;
    }
    element.dataset.busyLabel = element.textContent;
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1";
    spinner.setAttribute("aria-hidden", "true");
    element.replaceChildren(spinner, document.createTextNode(text));
  }

  function reset(element) {
    if (element.dataset.busyLabel === undefined) return;
    element.classList.remove("disabled");
    element.removeAttribute("aria-disabled");
    if (element.tagName === "INPUT") element.value = element.dataset.busyLabel;
    else element.textContent = element.dataset.busyLabel;
    delete element.dataset.busyLabel;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-busy]")) return;
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();  // already sent
      return;
    }
    form.setAttribute("aria-busy", "true");
    // The pressed button keeps its name and value in what is sent: it is not disabled.
    var button = event.submitter || form.querySelector("[type=submit]");
    if (button) show(button, form.dataset.busy);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-busy]");
    if (!link) return;
    if (link.getAttribute("aria-disabled") === "true") {
      event.preventDefault();
      return;
    }
    show(link, link.dataset.busy);
    window.setTimeout(function () { reset(link); }, LINK_RESET_MS);
  });

  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy][aria-busy]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("[type=submit]").forEach(reset);
    });
  });
})();
