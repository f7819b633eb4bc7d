// The playground's only script: after a post, put the cursor back in the composer.
(function () {
  "use strict";
  if (window.location.hash === "#latest") {
    var line = document.getElementById("line");
    if (line) { line.focus({ preventScroll: true }); }
  }
})();
