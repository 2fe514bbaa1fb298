/* Buttons marked data-print open the browser's print dialog. A served file, not an inline
   handler, so the site's Content-Security-Policy (script-src 'self') lets it run. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
