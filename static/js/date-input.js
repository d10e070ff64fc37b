// Types the slashes of a dd/mm/yyyy date as the digits come (a phone's number pad has no "/").
// Without JavaScript the server also reads ddmmyyyy (binhdan/dates.py).
document.querySelectorAll("input[data-date-input]").forEach(function (input) {
  input.addEventListener("input", function (event) {
    // Only while typing at the end: deleting or correcting the middle is left alone.
    if (!event.inputType || event.inputType.indexOf("insert") !== 0) return;
    if (input.selectionStart !== input.value.length) return;
    var value = input.value.replace(/\/{2,}/g, "/");
    if (/^\d{8}$/.test(value)) value = value.slice(0, 2) + "/" + value.slice(2, 4) + "/" + value.slice(4);
    else if (/^\d\d$|^\d{1,2}\/\d\d$/.test(value)) value += "/";
    if (value !== input.value) input.value = value;
  });
});
