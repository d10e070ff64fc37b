// The visit form of a large commune asks for the team first and lists that team's members
// (households/forms.py SupportVisitForm.MEMBERS_AT_ONCE): choosing another team loads its
// members into the member list. Without JavaScript the "Choose" button asks the portal.
(function () {
  "use strict";
  var team = document.getElementById("id_member_team");
  var member = document.getElementById("id_member");
  if (!team || !member) return;
  var latest = 0;

  team.addEventListener("change", function () {
    var ticket = ++latest;
    var url = team.dataset.membersUrl + "?to=" + encodeURIComponent(team.value) + "&chosen=" + encodeURIComponent(member.value);
    fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && ticket === latest) {
          member.innerHTML = html;
          member.dispatchEvent(new Event("change", { bubbles: true }));
        }
      })
      .catch(function () { /* no connection: the list stays as it was */ });
  });
})();
