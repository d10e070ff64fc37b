// Field work without a signal (issue 19). On every page of a logged-in user:
// - a user who logs visits gets the service worker (/sw.js, binhdan/webapp.py), asked to
//   refresh what it keeps on each visit with a signal; anyone else has it removed;
// - log-out, and another user logging in, empty the caches and the outbox;
// - on the visit form, without a signal: the visit is checked as far as the phone can and
//   saved in the outbox (IndexedDB) with an id made here; the outbox is listed (correct,
//   delete) and sent one visit at a time to /luot-ho-tro/dong-bo/ when the signal comes
//   back or on "Gửi ngay". A refused visit stays, with the portal's reason.
// With a signal and nothing being corrected, the form is sent as an ordinary form.
(function () {
  "use strict";
  var config = document.getElementById("offline-config");
  if (!config) return;
  var OWNER = "binhdan-offline-owner";
  var DB = "binhdan-offline";
  var STORE = "outbox";
  var user = config.dataset.user;
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

  function clearAll() {
    var jobs = [];
    if ("caches" in window) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    if ("indexedDB" in window) {
      jobs.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    localStorage.removeItem(OWNER);
    return Promise.all(jobs);
  }

  // Another user on this phone: nothing of the previous one stays.
  var owner = localStorage.getItem(OWNER);
  var ready = owner && owner !== user ? clearAll() : Promise.resolve();
  ready = ready.then(function () {
    if (logsVisits) localStorage.setItem(OWNER, user);
  });

  document.querySelectorAll('form[action="' + config.dataset.logout + '"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) return;
      event.preventDefault();
      var waiting = "indexedDB" in window ? outbox.all().catch(function () { return []; }) : Promise.resolve([]);
      waiting.then(function (items) {
        if (items.length && !window.confirm(config.dataset.logoutWarning)) return;
        clearAll().then(function () {
          form.dataset.cleared = "1";
          form.submit();
        });
      });
    });
  });

  if (!hasWorker) return;
  if (!logsVisits) {
    // Nothing of the portal is kept for a user who logs no visits.
    ready.then(function () {
      navigator.serviceWorker.getRegistrations().then(function (registrations) {
        if (!registrations.length) return;
        registrations.forEach(function (registration) { registration.unregister(); });
        clearAll();
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
  var editing = null; // the outbox item being corrected
  var sending = false;
  var households = null;

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
    if (!form.elements.member.disabled) form.elements.member.value = visit.member;
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

  form.addEventListener("submit", function (event) {
    if (navigator.onLine && !editing) return; // the ordinary form
    event.preventDefault();
    var button = event.submitter;
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
    return fetch(texts.sync, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body: JSON.stringify(body),
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
        note(answer.message || texts.notReached, response.status === 401 || answer.status === "login");
        return false;
      });
    }, function () {
      note(texts.notReached);
      return false;
    });
  }

  function send() {
    if (sending || !navigator.onLine) return Promise.resolve();
    sending = true;
    note(texts.sending);
    return outbox.all().then(function (items) {
      var waiting = items.filter(function (item) { return item.status === "waiting" && item.client_id !== editing; });
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
  render().then(function (items) {
    if (items.length && navigator.onLine) send();
  });
})();
