// Shows the print buttons (hidden without JavaScript, where the browser's own print command works).
document.querySelectorAll(".print-button").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
