// The checkpoint registration page: every record goes into an IndexedDB queue first, with
// a UUID made here, and is sent from the queue. Without network it waits; when the network
// is back it is sent; the server stores each UUID once however often it arrives.
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("sw-register-settings").textContent);
  var text = JSON.parse(document.getElementById("sw-register-messages").textContent);
  var form = document.getElementById("sw-passage-form");
  var occupants = document.getElementById("sw-occupants");
  var template = document.getElementById("sw-occupant-template");
  var result = document.getElementById("sw-result");
  var rejected = document.getElementById("sw-rejected");
  var queueCount = document.getElementById("sw-queue-count");
  var network = document.getElementById("sw-network");
  var flagNotice = document.getElementById("sw-flag-notice");
  var DB_NAME = "shouwang-checkpoints", STORE = "queue";
  var flushing = false, flushAgain = false;
  var RETRY_FIRST_MS = 1000, FLUSH_EVERY_MS = 15000, retryDelay = RETRY_FIRST_MS, retryTimer = null;

  // --- the queue ------------------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "client_uuid" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var answer = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(answer && answer.result !== undefined ? answer.result : answer); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };  // aborted at commit: no error event
      });
    });
  }
  function queued() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (all) {
      return all.filter(function (item) { return item.checkpoint === settings.checkpoint; })
        .sort(function (a, b) { return a.queued_at < b.queued_at ? -1 : 1; });
    });
  }
  function enqueue(payload) {
    return withStore("readwrite", function (store) {
      store.put({ client_uuid: payload.client_uuid, checkpoint: settings.checkpoint, payload: payload, queued_at: new Date().toISOString() });
    });
  }
  function dequeue(key) { return withStore("readwrite", function (store) { store.delete(key); }); }
  function showCount() { return queued().then(function (items) { queueCount.textContent = items.length; }); }

  // --- sending --------------------------------------------------------------------------
  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : form.querySelector("[name=csrfmiddlewaretoken]").value;
  }
  // A send that hangs (a connection stalled between cells) would hold the queue, since a
  // flush waits for its send: after this long it counts as not reaching the server.
  var SEND_TIMEOUT_MS = 20000;
  function send(item) {
    var controller = window.AbortController ? new AbortController() : null;
    var sent = fetch(settings.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(item.payload),
      signal: controller ? controller.signal : undefined,
    });
    var timer;
    var late = new Promise(function (resolve, reject) {
      timer = setTimeout(function () {
        if (controller) controller.abort();
        reject(new Error("timeout"));
      }, SEND_TIMEOUT_MS);
    });
    return Promise.race([sent, late]).then(function (response) {
      clearTimeout(timer);
      return response;
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }
  // A flush asked for while one runs (a record made while the queue is sent, the network
  // back while a send made without it has yet to fail) runs again when that one ends:
  // the running one sends only what was queued when it began.
  function flush() {
    if (flushing) { flushAgain = true; return Promise.resolve(); }
    flushing = true;
    flushAgain = false;
    var unreachable = false;
    function handled(item, items) {
      return dequeue(item.client_uuid).then(function () {
        retryDelay = RETRY_FIRST_MS;
        return next(items.slice(1));
      });
    }
    function next(items) {
      if (!items.length) return;
      var item = items[0];
      var answered = send(item).then(null, function (error) { unreachable = true; throw error; });
      return answered.then(function (response) {
        if (response.status === 200 || response.status === 201) {
          return response.json().then(function (body) {
            showStored(body, response.status === 200);
            return handled(item, items);
          });
        }
        if (response.status === 400) {
          return response.json().then(function (errors) {
            showRejected(item.payload, errors);
            return handled(item, items);
          });
        }
        // Logged out, server trouble: keep everything and try again at the next round.
      });
    }
    return queued().then(next).catch(function () {
      // The server not reached (no network, a send that hung, a portal that sends the
      // request elsewhere): the queue waits. A phone that says it is online may not carry
      // yet (between cells, just back): tried again soon, then less often. Anything else
      // (a page in place of the server's answer) waits for the round, never sooner.
      if (unreachable && navigator.onLine) retrySoon();
    }).then(function () {
      flushing = false;
      return showCount().catch(function () { /* the count shows at the next flush */ });
    }).then(function () { if (flushAgain) return flush(); });
  }
  function retrySoon() {
    // From the round's own pace on, the round is enough.
    if (retryDelay >= FLUSH_EVERY_MS) return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay *= 2;
  }

  // --- showing --------------------------------------------------------------------------
  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }
  // A new answer replaces the one before, except flags: a queue sent at once answers
  // several records, and a later unflagged one must not hide an earlier flag.
  var FLAGS_KEPT = 5;
  function showAnswer(box) {
    result.querySelectorAll(":scope > :not([data-testid=flagged])").forEach(function (old) { old.remove(); });
    result.prepend(box);
    var flags = result.querySelectorAll(":scope > [data-testid=flagged]");
    for (var i = FLAGS_KEPT; i < flags.length; i++) flags[i].remove();
  }
  function showStored(body, resent) {
    var box = element("div", "alert " + (body.flagged ? "alert-warning" : "alert-success") + " sw-flag");
    box.dataset.testid = body.flagged ? "flagged" : "stored";
    var who = body.plate || (body.occupants[0] && body.occupants[0].name) || "";
    box.appendChild(element("strong", "", who + " · " + (body.flagged ? text.flagged : (resent ? text.resent : text.sent))));
    body.flags.forEach(function (flag) { box.appendChild(element("div", "", "⚠ " + flag.message)); });
    // An answer may arrive while the next record is being typed (a record sent from the
    // queue later). The answer above grows or shrinks; the field being typed stays where
    // it is on the screen, whatever the browser's own scroll anchoring does.
    var typing = typingNextRecord();
    var field = document.activeElement, fieldTop = typing && field.getBoundingClientRect().top;
    showAnswer(box);
    if (typing) window.scrollBy(0, field.getBoundingClientRect().top - fieldTop);
    // A flag out of sight: the staff typing are led to it by a notice at the top.
    if (!body.flagged || inView(box)) return;
    if (typing) {
      flagNotice.querySelector("[data-who]").textContent = who;
      flagNotice.hidden = false;
    } else {
      result.scrollIntoView({ block: "nearest" });
    }
  }
  function inView(node) {
    var top = node.getBoundingClientRect().top;
    return top >= 0 && top < window.innerHeight;
  }
  function typingNextRecord() {
    return form.contains(document.activeElement) && Array.prototype.some.call(
      form.querySelectorAll("input:not([type=radio]):not([type=hidden])"),
      function (input) { return input.value.trim() !== ""; });
  }
  // "occupants.1.document_number" -> "第2人 · 证件号码"; no label for a refusal of the whole.
  function fieldLabel(field) {
    var parts = field.split(".");
    if (parts[0] === "occupants" && parts.length > 1) {
      var person = text.person.replace("%s", Number(parts[1]) + 1);
      return parts.length > 2 ? person + " · " + (text.occupantFields[parts[2]] || parts[2]) : person;
    }
    if (field === "non_field_errors" || field === "__all__") return "";
    return text.fields[field] || field;
  }
  function showRejected(payload, errors, heading) {
    var box = element("div", "alert alert-danger");
    box.dataset.testid = "rejected";
    box.appendChild(element("strong", "", (payload.plate || payload.occupants[0].name) + " · " + (heading || text.rejected)));
    // A refusal of the whole record comes as a list, not by field.
    if (Array.isArray(errors)) errors = { non_field_errors: errors };
    Object.keys(errors).forEach(function (field) {
      [].concat(errors[field]).forEach(function (message) {
        var label = fieldLabel(field);
        box.appendChild(element("div", "", label ? text.fieldError
          .replace("%(field)s", function () { return label; })
          .replace("%(message)s", function () { return message; }) : message));
      });
    });
    rejected.prepend(box);
  }
  function setOnline() {
    network.textContent = navigator.onLine ? network.dataset.online : network.dataset.offline;
  }

  // --- the form -------------------------------------------------------------------------
  function addOccupant() {
    var block = template.content.firstElementChild.cloneNode(true);
    occupants.appendChild(block);
    renumber();
    return block;
  }
  function renumber() {
    occupants.querySelectorAll(".sw-occupant").forEach(function (block, seat) {
      block.querySelector(".sw-seat-label").textContent = text.person.replace("%s", seat + 1);
      block.querySelector(".sw-remove").hidden = seat === 0;
      block.querySelectorAll("[data-field]").forEach(function (input) {
        input.dataset.error = "occupants." + seat + "." + input.dataset.field;
        input.setAttribute("aria-label", block.querySelector(".sw-seat-label").textContent + " " + input.closest(".row > div").querySelector("label").textContent);
      });
    });
  }
  function mode() { return form.querySelector("[name=mode]:checked").value; }
  function applyMode() {
    var vehicle = mode() === "vehicle";
    document.getElementById("sw-vehicle").hidden = !vehicle;
    document.getElementById("sw-add-occupant").hidden = !vehicle;
    if (!vehicle) occupants.querySelectorAll(".sw-occupant").forEach(function (block, seat) { if (seat) block.remove(); });
  }

  // The same rules as the server (checkpoints/plates.py, core/pii.py), so a mistake is
  // caught before the record is queued; the server checks again.
  var PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
  var SERIAL = "[A-HJ-NP-Z0-9]";
  var PLATE = new RegExp("^[" + PROVINCES + "][A-HJ-Z](" + SERIAL + "{5}|" + SERIAL + "{4}[挂学警港澳领试超]|[DFABCEGHJK]" + SERIAL + "\\d{4}|\\d{5}[DF])$");
  function normalisePlate(value) { return value.normalize("NFKC").replace(/[\s·•\-.]/g, "").toUpperCase(); }
  function residentIdValid(value) {
    if (!/^\d{17}[\dX]$/.test(value)) return false;
    var weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(value[i]) * weights[i];
    return "10X98765432"[sum % 11] === value[17];
  }
  function clearErrors() {
    form.querySelectorAll(".is-invalid").forEach(function (input) { input.classList.remove("is-invalid"); });
  }
  function fail(input, message, errors) {
    input.classList.add("is-invalid");
    var feedback = input.closest(".row > div").querySelector(".invalid-feedback");
    if (feedback) feedback.textContent = message;
    errors.push(input);
  }
  function collect() {
    clearErrors();
    var errors = [];
    var payload = {
      client_uuid: newUuid(),
      direction: form.querySelector("[name=direction]:checked").value,
      mode: mode(),
      plate: "",
      vehicle_kind: "",
      passed_at: new Date().toISOString(),
      occupants: [],
    };
    if (payload.mode === "vehicle") {
      var plate = document.getElementById("plate");
      payload.plate = normalisePlate(plate.value);
      payload.vehicle_kind = document.getElementById("vehicle_kind").value;
      if (!PLATE.test(payload.plate)) fail(plate, text.plate, errors);
    }
    occupants.querySelectorAll(".sw-occupant").forEach(function (block) {
      var person = {};
      block.querySelectorAll("[data-field]").forEach(function (input) { person[input.dataset.field] = input.value.trim(); });
      var field = function (name) { return block.querySelector("[data-field=" + name + "]"); };
      if (!person.name) fail(field("name"), text.required, errors);
      var temperature = Number(person.temperature);
      if (!person.temperature || isNaN(temperature) || temperature < settings.minTemperature || temperature > settings.maxTemperature) {
        fail(field("temperature"), text.temperature, errors);
      }
      person.document_number = person.document_number.replace(/[\s-]/g, "").toUpperCase();
      if (!person.document_number) fail(field("document_number"), text.required, errors);
      else if (person.document_type === "resident_id" && !residentIdValid(person.document_number)) {
        fail(field("document_number"), text.document, errors);
      }
      payload.occupants.push(person);
    });
    if (errors.length) { errors[0].focus(); return null; }
    return payload;
  }
  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }
  function reset() {
    document.getElementById("plate").value = "";
    occupants.replaceChildren();
    addOccupant();
    // Back to the top, where the answer shows, before the next plate is typed: focusing
    // the plate from the send button at the bottom would scroll only as far as the plate
    // and leave the answer (a flag, why) above the screen.
    window.scrollTo(0, 0);
    flagNotice.hidden = true;
    (mode() === "vehicle" ? document.getElementById("plate") : occupants.querySelector("[data-field=name]")).focus({ preventScroll: true });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var payload = collect();
    if (!payload) return;
    // Cleared at once, not when the phone's storage answers: the next plate may be typed
    // or scanned in between, and a clear after that would wipe it.
    var queuedBox = element("div", "alert alert-secondary", text.queued);
    showAnswer(queuedBox);
    reset();
    enqueue(payload).then(function () { showCount().then(flush, flush); }, function () {
      // Not on the phone, so never sent: said where the staff look, to register it again.
      queuedBox.remove();
      showRejected(payload, {}, text.not_kept);
    });
  });
  // Enter moves on, as a scanner that types and presses Enter expects; the last field sends.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName === "BUTTON" || event.isComposing) return;
    event.preventDefault();
    var fields = Array.prototype.filter.call(form.querySelectorAll("input:not([type=radio]):not([type=hidden]), select"), function (input) { return input.offsetParent !== null; });
    var index = fields.indexOf(event.target);
    if (index >= 0 && index < fields.length - 1) fields[index + 1].focus();
    else form.requestSubmit();
  });
  document.getElementById("sw-add-occupant").addEventListener("click", function () { addOccupant().querySelector("[data-field=name]").focus(); });
  occupants.addEventListener("click", function (event) {
    if (event.target.classList.contains("sw-remove")) { event.target.closest(".sw-occupant").remove(); renumber(); }
  });
  // A tap on the notice leaves the focus (and a phone's keyboard) in the field being typed.
  flagNotice.addEventListener("mousedown", function (event) { event.preventDefault(); });
  flagNotice.addEventListener("click", function () {
    flagNotice.hidden = true;
    result.scrollIntoView({ block: "start" });
  });
  window.addEventListener("scroll", function () {
    if (!flagNotice.hidden && inView(result)) flagNotice.hidden = true;
  }, { passive: true });
  form.querySelectorAll("[name=mode]").forEach(function (radio) { radio.addEventListener("change", applyMode); });
  network.dataset.online = network.textContent;
  network.dataset.offline = network.dataset.offlineLabel || "离线";
  window.addEventListener("online", function () {
    retryDelay = RETRY_FIRST_MS;  // just back: quick retries again, whatever failed before
    setOnline();
    flush();
  });
  window.addEventListener("offline", setOnline);
  setInterval(flush, FLUSH_EVERY_MS);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/checkpoints/sw.js", { scope: "/checkpoints/" }).catch(function () {});
  }
  addOccupant();
  setOnline();
  showCount().then(flush, flush);
})();
