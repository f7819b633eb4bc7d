// The Teams personal tab: get a single sign-on token from Teams and load the person's summary with it.
// Outside Teams (no Teams client answers), show how to sign in instead.
(function () {
  "use strict";
  var box = document.getElementById("tab-summary");
  var status = document.getElementById("tab-status");
  var outside = document.getElementById("tab-outside");
  function notInTeams() {
    if (status) { status.hidden = true; }
    if (outside) { outside.hidden = false; }
  }
  if (!box || typeof microsoftTeams === "undefined") { notInTeams(); return; }
  microsoftTeams.app.initialize().then(function () {
    return microsoftTeams.authentication.getAuthToken();
  }).then(function (token) {
    return fetch(box.getAttribute("data-source"), { headers: { "Authorization": "Bearer " + token } });
  }).then(function (response) {
    return response.text().then(function (html) {
      // the fragment is rendered by the server with every piece of user text escaped
      box.innerHTML = response.ok || response.status === 404 ? html : "<p class=\"lead\">Please try again later.</p>";
    });
  }).catch(notInTeams);
})();
