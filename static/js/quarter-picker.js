// Submit the quarter picker as soon as a quarter is chosen (the button stays for no-JS use).
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
