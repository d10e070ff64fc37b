// Field work without a signal (issue 19). On every page of a logged-in user:
// - a user who logs visits gets the service worker (/sw.js, binhdan/webapp.py), asked to
//   refresh what it keeps on each visit with a signal; anyone else has it removed;
// - each user has an outbox of their own (IndexedDB "binhdan-offline-<user id>"): another
//   user logging in on the phone empties the caches, never the first user's outbox, which
//   waits (shown to others as a count only) until its owner logs in again and sends it;
// - log-out empties the caches and, after asking when visits wait, the user's outbox;
// - on the visit form, without a signal: the visit is checked as far as the phone can and
//   saved in the outbox with an id made here; the outbox is listed (correct, delete) and
//   sent one visit at a time to /luot-ho-tro/dong-bo/ when the signal comes back, on
//   "Gửi ngay", and again a minute after a send that got no answer. A refused visit stays,
//   with the portal's reason.
// With a signal (as the phone believes) and nothing being corrected, the script sends the
// form itself, with an id made here, the visit kept in the outbox meanwhile: when no answer
// comes (a weak signal, 15 s) it stays there to be sent later, and the id makes that send
// store it once even if the form did reach the portal. Without JavaScript the form is an
// ordinary form.
(function () {
  "use strict";
  var config = document.getElementById("offline-config");
  if (!config) return;
  var OWNER = "binhdan-offline-owner"; // whose pages and households the caches hold
  var WAITING = "binhdan-offline-waiting"; // each user's count of visits not sent yet
  var user = config.dataset.user;
  var DB = "binhdan-offline-" + user;
  var STORE = "outbox";
  var logsVisits = Boolean(config.dataset.logsVisits);
  var hasWorker = "serviceWorker" in navigator;

  // --- what the phone keeps -----------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "client_id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  var outbox = {
    all: function () {
      return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
        return (items || []).sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
      });
    },
    get: function (id) { return withStore("readonly", function (store) { return store.get(id); }); },
    put: function (item) { return withStore("readwrite", function (store) { store.put(item); }); },
    remove: function (id) { return withStore("readwrite", function (store) { store.delete(id); }); },
  };

  function waitingCounts() {
    try {
      return JSON.parse(localStorage.getItem(WAITING)) || {};
    } catch (error) {
      return {};
    }
  }

  function countWaiting(number) {
    var counts = waitingCounts();
    if (number) counts[user] = number;
    else delete counts[user];
    localStorage.setItem(WAITING, JSON.stringify(counts));
  }

  // The pages and households kept for the worker: emptied on log-out and when another user
  // logs in. The outboxes are not: each is its own user's (deleteOutbox).
  function clearCaches() {
    localStorage.removeItem(OWNER);
    if (!("caches" in window)) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    });
  }

  // The worker goes too on log-out: the log-in page and what follows are not kept.
  function unregister() {
    if (!hasWorker) return Promise.resolve();
    return navigator.serviceWorker.getRegistrations().then(function (registrations) {
      return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
    }).catch(function () {});
  }

  function deleteOutbox() {
    countWaiting(0);
    if (!("indexedDB" in window)) return Promise.resolve();
    return new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    });
  }

  // Another user on this phone: the caches held that user's form and households.
  var owner = localStorage.getItem(OWNER);
  var ready = owner && owner !== user ? clearCaches() : Promise.resolve();
  ready = ready.then(function () {
    if (logsVisits) localStorage.setItem(OWNER, user);
  });

  document.querySelectorAll('form[action="' + config.dataset.logout + '"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) return;
      event.preventDefault();
      var waiting = "indexedDB" in window ? outbox.all().catch(function () { return []; }) : Promise.resolve([]);
      waiting.then(function (items) {
        var question = config.dataset.logoutWarning.replace("{count}", items.length);
        if (items.length && !window.confirm(question)) return;
        Promise.all([clearCaches(), deleteOutbox(), unregister()]).then(function () {
          form.dataset.cleared = "1";
          form.submit();
        });
      });
    });
  });

  if (!hasWorker) return;
  if (!logsVisits) {
    // Nothing of the portal is kept for a user who logs no visits (another user's outbox
    // stays for its owner).
    ready.then(function () {
      navigator.serviceWorker.getRegistrations().then(function (registrations) {
        if (!registrations.length) return;
        registrations.forEach(function (registration) { registration.unregister(); });
        clearCaches();
      });
    });
    return;
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "refreshed" && event.data.ok) {
      document.documentElement.dataset.offlineReady = "1";
    }
  });
  navigator.serviceWorker.startMessages();
  ready.then(function () {
    navigator.serviceWorker.register(config.dataset.worker, { scope: "/" }).catch(function () {});
    if (navigator.onLine) {
      navigator.serviceWorker.ready.then(function (registration) {
        registration.active.postMessage({ type: "refresh" });
      });
    }
  });

  // --- the visit form -------------------------------------------------------------------------

  var form = document.querySelector("form[data-offline-form]");
  var panel = document.getElementById("outbox");
  if (!form || !panel || !("indexedDB" in window)) return;
  var texts = panel.dataset;
  var banner = document.querySelector("[data-offline-banner]");
  var errorBox = form.querySelector("[data-offline-errors]");
  var list = panel.querySelector("[data-outbox-list]");
  var count = panel.querySelector("[data-outbox-count]");
  var noteLine = panel.querySelector("[data-outbox-note]");
  var searchBox = document.getElementById("id_household_query");
  var choices = document.getElementById("household-choices");
  var others = document.querySelector("[data-outbox-others]");
  var editing = null; // the outbox item being corrected
  var sending = false;
  var posting = null; // the id of the visit whose form this script is sending
  var native = false; // the form being sent by the browser
  var retry = null;
  var households = null;
  var RETRY_MS = 60000;

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function note(text, logIn) {
    noteLine.replaceChildren(document.createTextNode(text || ""));
    if (logIn) {
      var link = element("a", "ms-1", texts.logIn);
      link.href = texts.login;
      noteLine.append(link);
    }
    if (text) panel.hidden = false;
  }

  function values(name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (input) {
      return input.checked;
    }).map(function (input) { return input.value; });
  }

  function read() {
    var household = form.querySelector('input[name="household"]:checked');
    var label = household ? form.querySelector('label[for="' + household.id + '"]') : null;
    var member = form.elements.member;
    return {
      member: member.value,
      member_name: member.selectedIndex >= 0 ? member.options[member.selectedIndex].text : "",
      date: form.elements.date.value.trim(),
      household: household ? household.value : "",
      household_name: label ? label.firstChild.textContent.trim() : "",
      household_village: label && label.querySelector("span") ? label.querySelector("span").textContent.replace(/^·\s*/, "") : "",
      walk_in_name: form.elements.walk_in_name.value.trim(),
      support_types: values("support_types"),
      method: values("method")[0] || "",
      people_helped: form.elements.people_helped.value.trim(),
      notes: form.elements.notes.value.trim(),
      platforms_now_used: values("platforms_now_used"),
    };
  }

  function parseDate(text) {
    var parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text) || /^(\d{2})(\d{2})(\d{4})$/.exec(text);
    var day, month, year;
    if (parts) {
      day = +parts[1]; month = +parts[2]; year = +parts[3];
    } else {
      parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!parts) return null;
      year = +parts[1]; month = +parts[2]; day = +parts[3];
    }
    var date = new Date(year, month - 1, day);
    var real = date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
    return real ? date : null;
  }

  // What the phone can check; the portal checks everything again when the visit is sent.
  function check(visit) {
    var errors = {};
    function add(name, text) { (errors[name] = errors[name] || []).push(text); }
    if (!visit.member) add("member", texts.errorRequired);
    if (!visit.date) {
      add("date", texts.errorRequired);
    } else {
      var day = parseDate(visit.date);
      var today = new Date();
      today.setHours(0, 0, 0, 0);
      if (!day) add("date", texts.errorDate);
      else if (day > today) add("date", texts.errorFuture);
    }
    if (!visit.household && !visit.walk_in_name) add("household", texts.errorHousehold);
    if (visit.household && visit.walk_in_name) add("walk_in_name", texts.errorBoth);
    if (!visit.support_types.length) add("support_types", texts.errorKinds);
    if (!visit.method) add("method", texts.errorRequired);
    var people = Number(visit.people_helped);
    if (!/^\d+$/.test(visit.people_helped) || people < 1 || people > 99) add("people_helped", texts.errorPeople);
    return errors;
  }

  function labelOf(name) {
    var label = document.querySelector(
      '#div_id_' + name + ' legend, #div_id_' + name + ' label.form-label, label[for="id_' + name + '"]'
    );
    if (name === "household") label = choices && choices.closest("fieldset").querySelector("legend");
    return label ? label.textContent.replace(/\*/g, "").trim() : "";
  }

  function showErrors(errors) {
    form.querySelectorAll(".is-invalid").forEach(function (input) { input.classList.remove("is-invalid"); });
    var lines = [];
    Object.keys(errors).forEach(function (name) {
      var label = labelOf(name);
      errors[name].forEach(function (text) { lines.push(label ? label + ": " + text : text); });
      var input = form.elements[name];
      if (input && input.classList) input.classList.add("is-invalid");
    });
    errorBox.replaceChildren();
    lines.forEach(function (line, index) {
      if (index) errorBox.append(element("br"));
      errorBox.append(document.createTextNode(line));
    });
    errorBox.hidden = lines.length === 0;
    if (lines.length) errorBox.scrollIntoView({ block: "center" });
  }

  // --- households from the list kept on the phone ------------------------------------------

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function loadHouseholds() {
    if (households) return Promise.resolve(households);
    return fetch(texts.data, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("no list");
        return response.json();
      })
      .then(function (data) {
        households = data.households;
        return households;
      });
  }

  function choice(household, checked) {
    var row = element("div", "form-check py-1 border-bottom");
    var input = element("input", "form-check-input");
    input.type = "radio";
    input.name = "household";
    input.value = household[0];
    input.id = "household-" + household[0];
    input.checked = checked;
    var label = element("label", "form-check-label", household[1] + " ");
    label.htmlFor = input.id;
    label.append(element("span", "small text-muted", "· " + household[2]));
    row.append(input, label);
    return row;
  }

  function searchHere() {
    var query = fold(searchBox.value.trim());
    var chosen = form.querySelector('input[name="household"]:checked');
    var kept = chosen ? [chosen.value, chosen.labels[0].firstChild.textContent.trim(), ""] : null;
    if (!query) return;
    loadHouseholds().then(function (all) {
      var words = query.split(/\s+/);
      var found = all.filter(function (household) {
        var text = fold(household[1] + " " + household[2]);
        return words.every(function (word) { return text.indexOf(word) >= 0; });
      }).slice(0, 15);
      var rows = found.map(function (household) {
        return choice(household, kept !== null && String(household[0]) === kept[0]);
      });
      if (kept && !found.some(function (household) { return String(household[0]) === kept[0]; })) {
        var same = all.filter(function (household) { return String(household[0]) === kept[0]; })[0];
        rows.unshift(choice(same || kept, true));
      }
      choices.replaceChildren.apply(choices, rows);
    }).catch(function () {
      choices.replaceChildren(element("p", "small text-muted mb-0", texts.noList));
    });
  }

  if (searchBox && choices) {
    var timer = null;
    searchBox.addEventListener("input", function () {
      if (navigator.onLine) return; // household-search.js asks the portal
      clearTimeout(timer);
      timer = setTimeout(searchHere, 200);
    });
    searchBox.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !navigator.onLine) searchHere();
    });
  }

  // --- the outbox -------------------------------------------------------------------------------

  function render() {
    return outbox.all().then(function (items) {
      countWaiting(items.length);
      count.textContent = items.length;
      panel.hidden = items.length === 0 && !noteLine.textContent;
      list.replaceChildren.apply(list, items.map(row));
      return items;
    });
  }

  function row(item) {
    var visit = item.visit;
    var line = element("li", "border-top py-2");
    line.dataset.clientId = item.client_id;
    line.dataset.testid = "outbox-item";
    var who = visit.household_name || visit.walk_in_name;
    line.append(element("div", "fw-semibold", visit.date + " · " + who));
    if (visit.member_name) line.append(element("div", "small text-muted", visit.member_name));
    if (item.status === "refused") {
      var reasons = element("div", "small text-danger");
      reasons.dataset.testid = "outbox-reason";
      var messages = [];
      Object.keys(item.errors || {}).forEach(function (name) {
        (item.errors[name] || []).forEach(function (text) { messages.push(text); });
      });
      if (!messages.length && item.message) messages.push(item.message);
      reasons.textContent = messages.join(" ");
      line.append(reasons);
    }
    var buttons = element("div", "d-flex gap-2 mt-1");
    var edit = element("button", "btn btn-sm btn-outline-primary", texts.edit);
    edit.type = "button";
    edit.addEventListener("click", function () { correct(item); });
    var remove = element("button", "btn btn-sm btn-outline-danger", texts.delete);
    remove.type = "button";
    remove.addEventListener("click", function () {
      if (!window.confirm(texts.confirmDelete)) return;
      if (editing === item.client_id) editing = null;
      outbox.remove(item.client_id).then(render);
    });
    buttons.append(edit, remove);
    line.append(buttons);
    return line;
  }

  function tick(name, chosen) {
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      input.checked = chosen.indexOf(input.value) >= 0;
    });
  }

  function fill(visit) {
    var member = form.elements.member;
    if (!member.disabled) {
      // A large commune's form lists one team's members (member-team.js): a visit of another
      // team's member brings its member back into the list.
      var listed = Array.prototype.some.call(member.options, function (option) { return option.value === visit.member; });
      if (visit.member && !listed) member.append(new Option(visit.member_name || visit.member, visit.member));
      member.value = visit.member;
    }
    form.elements.date.value = visit.date;
    choices.replaceChildren();
    if (visit.household) {
      choices.append(choice([visit.household, visit.household_name, visit.household_village || ""], true));
    }
    form.elements.walk_in_name.value = visit.walk_in_name;
    tick("support_types", visit.support_types);
    tick("method", [visit.method]);
    form.elements.people_helped.value = visit.people_helped;
    form.elements.notes.value = visit.notes;
    tick("platforms_now_used", visit.platforms_now_used);
  }

  function correct(item) {
    editing = item.client_id;
    fill(item.visit);
    showErrors({});
    note(texts.editing);
    form.scrollIntoView({ block: "start" });
  }

  // After a visit saved here: the next one starts with the same member, day, kinds of support
  // and way of helping (a day of door-to-door visits is logged in a row).
  function clearForNext() {
    choices.replaceChildren();
    if (searchBox) searchBox.value = "";
    form.elements.walk_in_name.value = "";
    form.elements.people_helped.value = "1";
    form.elements.notes.value = "";
    tick("platforms_now_used", []);
  }

  function keep(visit) {
    var id = editing || newId();
    editing = null;
    clearForNext(); // at once: the next visit may be typed while this one is being kept
    return outbox.get(id).then(function (before) {
      var item = {
        client_id: id,
        saved_at: before ? before.saved_at : new Date().toISOString(),
        visit: visit,
        status: "waiting",
        errors: null,
      };
      return outbox.put(item);
    }).then(function () {
      note(texts.savedHere);
      window.scrollTo(0, 0);
      return render();
    }).then(function () {
      if (navigator.onLine) send();
    });
  }

  // --- the form sent with a signal -----------------------------------------------------------

  // No answer within the page's time (15 s): the request is given up.
  function timed(request) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) controller.abort();
    }, Number(texts.timeout) || 15000);
    return request(controller ? controller.signal : undefined).then(
      function (response) { clearTimeout(timer); return response; },
      function (error) { clearTimeout(timer); throw error; }
    );
  }

  function retryLater() {
    clearTimeout(retry);
    retry = setTimeout(send, RETRY_MS);
  }

  function buttons(disabled) {
    form.querySelectorAll('button[type="submit"]').forEach(function (button) {
      if (button.name !== "find") button.disabled = disabled;
    });
  }

  function sendNatively(button) {
    posting = null;
    buttons(false);
    native = true;
    if (form.requestSubmit) form.requestSubmit(button || undefined);
    else form.submit();
  }

  // The visit could not be sent: it waits in the outbox, and the form is ready for the next.
  function keptHere(loggedOut) {
    posting = null;
    buttons(false);
    clearForNext();
    note(loggedOut ? texts.sessionEnded : texts.savedHere, loggedOut);
    window.scrollTo(0, 0);
    render();
    if (!loggedOut) retryLater();
  }

  function submitOnline(button) {
    if (posting) return;
    var id = newId();
    posting = id;
    buttons(true);
    var data = new FormData(form);
    if (button && button.name) data.append(button.name, button.value);
    data.set("client_id", id);
    if (form.elements.client_id) form.elements.client_id.value = id;
    var item = { client_id: id, saved_at: new Date().toISOString(), visit: read(), status: "waiting", errors: null };
    outbox.put(item).then(function () {
      return timed(function (signal) {
        return fetch(window.location.href, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          redirect: "manual",
          headers: { "X-Visit-Form": "script" },
          signal: signal,
        });
      }).then(function (response) {
        if (response.status === 204) {
          // Stored: on to the page the form leads to.
          return outbox.remove(id).then(function () {
            window.location.assign(response.headers.get("X-Next") || texts.form);
          });
        }
        if (response.status === 200) {
          // The form with the portal's reasons, nothing stored: the browser sends it to show them.
          return outbox.remove(id).then(function () { sendNatively(button); });
        }
        // Sent to the log-in page (the session ended), or the portal failed: kept here.
        keptHere(response.type === "opaqueredirect");
      }, function () {
        keptHere(false); // no answer: the visit may have arrived; its id makes a resend harmless
      });
    }, function () {
      sendNatively(button); // the phone cannot keep it: sent as an ordinary form
    });
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (native) return;
    if (navigator.onLine && !editing) {
      if (button && button.name === "find") return; // the portal's search
      if (!window.fetch || !window.FormData) return; // the ordinary form
      event.preventDefault();
      submitOnline(button);
      return;
    }
    event.preventDefault();
    if (button && button.name === "find") {
      searchHere();
      return;
    }
    var visit = read();
    var errors = check(visit);
    showErrors(errors);
    if (Object.keys(errors).length === 0) keep(visit);
  });

  // --- sending ------------------------------------------------------------------------------

  function csrfToken() {
    var cookie = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    if (cookie) return decodeURIComponent(cookie[1]);
    var input = form.querySelector('[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  // A page of the portal gives a fresh token (its cookie) after a new log-in.
  function freshToken() {
    return fetch(texts.form, { credentials: "same-origin", cache: "no-store" });
  }

  function sendOne(item, retried) {
    var body = Object.assign({ client_id: item.client_id }, item.visit);
    return timed(function (signal) {
      return fetch(texts.sync, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify(body),
        signal: signal,
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.status === 200 || response.status === 201) {
          return outbox.remove(item.client_id).then(function () { return true; });
        }
        if (response.status === 403 && answer.status === "csrf" && !retried) {
          return freshToken().then(function () { return sendOne(item, true); });
        }
        if (response.status === 400 || response.status === 409 || response.status === 422) {
          item.status = "refused";
          item.errors = answer.errors || null;
          item.message = answer.message || "";
          return outbox.put(item).then(function () { return true; });
        }
        // Logged out, not allowed, or the portal failed: stop here and keep everything.
        var loggedOut = response.status === 401 || answer.status === "login";
        note(answer.message || texts.notReached, loggedOut);
        if (!loggedOut) retryLater();
        return false;
      });
    }, function () {
      note(texts.notReached);
      retryLater();
      return false;
    });
  }

  function send() {
    if (sending || !navigator.onLine) return Promise.resolve();
    clearTimeout(retry);
    sending = true;
    note(texts.sending);
    return outbox.all().then(function (items) {
      var waiting = items.filter(function (item) {
        // Not the one being corrected, nor the one whose form is on its way.
        return item.status === "waiting" && item.client_id !== editing && item.client_id !== posting;
      });
      return waiting.reduce(function (chain, item) {
        return chain.then(function (going) { return going ? sendOne(item) : false; });
      }, Promise.resolve(true));
    }).then(function (finished) {
      return outbox.all().then(function (items) {
        if (finished) note(items.length ? "" : texts.allSent);
      });
    }).catch(function () {
      note(texts.notReached);
    }).then(function () {
      sending = false;
      return render();
    });
  }

  panel.querySelector("[data-outbox-send]").addEventListener("click", function () {
    // "Gửi ngay" also gives refused visits another try (the portal may have changed).
    outbox.all().then(function (items) {
      return Promise.all(items.filter(function (item) { return item.status === "refused"; }).map(function (item) {
        item.status = "waiting";
        return outbox.put(item);
      }));
    }).then(send);
  });

  function showSignal() {
    if (banner) banner.hidden = navigator.onLine;
  }
  window.addEventListener("online", function () {
    showSignal();
    send();
  });
  window.addEventListener("offline", showSignal);
  showSignal();
  // Visits another user of this phone has not sent: a count, nothing more; they are sent
  // when that user logs in again, never under this user's session.
  var elsewhere = 0;
  var counts = waitingCounts();
  Object.keys(counts).forEach(function (who) {
    if (who !== user) elsewhere += Number(counts[who]) || 0;
  });
  if (others && elsewhere) {
    others.textContent = others.dataset.text.replace("{count}", elsewhere);
    others.hidden = false;
  }
  render().then(function (items) {
    if (items.length && navigator.onLine) send();
  });
})();
