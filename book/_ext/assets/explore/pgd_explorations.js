// Kernel-free explorations (book/_ext/pgd_explorations.py): each control picks one of its
// values; the figure shown is the image that pgdlib rendered at build time for the chosen
// setting. Nothing is computed here. A URL fragment "#explore-<name>&<control>=<value>..."
// selects a setting; a value off the grid takes the nearest one (numbers) or the default.
(function () {
  "use strict";

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.pgd-explore-data").textContent);
    var img = root.querySelector("img.pgd-explore-figure");
    var status = root.querySelector(".pgd-explore-status");
    var inputs = data.controls.map(function (c) {
      return root.querySelector("[name='" + c.name + "']");
    });
    var timer = null;

    function index() {  // mixed radix, the last control fastest (itertools.product)
      var k = 0;
      data.controls.forEach(function (c, i) {
        k = k * c.values.length + Number(inputs[i].value);
      });
      return k;
    }

    function show() {
      var k = index();
      data.controls.forEach(function (c, i) {
        var label = c.labels[Number(inputs[i].value)];
        if (inputs[i].type === "range") {
          inputs[i].setAttribute("aria-valuetext", label);
          var out = root.querySelector("output[for='" + inputs[i].id + "']");
          if (out) { out.textContent = label; }
        }
      });
      img.src = data.images[k];
      img.alt = data.alts[k];
      status.textContent = data.summaries[k];
      root.dataset.setting = String(k);
    }

    function nearest(c, text) {
      var number = Number(text);
      if (typeof c.values[0] === "number") {
        if (text === "" || !isFinite(number)) { return c.default; }
        var best = 0;
        c.values.forEach(function (v, i) {
          if (Math.abs(v - number) < Math.abs(c.values[best] - number)) { best = i; }
        });
        return best;
      }
      var found = c.values.indexOf(text);
      return found < 0 ? c.default : found;
    }

    function fromFragment() {
      var parts = decodeURIComponent(window.location.hash.slice(1)).split("&");
      if (parts[0] !== root.id) { return false; }
      var asked = {};
      parts.slice(1).forEach(function (p) {
        var eq = p.indexOf("=");
        if (eq > 0) { asked[p.slice(0, eq)] = p.slice(eq + 1); }
      });
      data.controls.forEach(function (c, i) {
        inputs[i].value = String(c.name in asked ? nearest(c, asked[c.name]) : c.default);
      });
      return true;
    }

    function stop(button) {
      clearInterval(timer);
      timer = null;
      button.textContent = "play";
      button.setAttribute("aria-pressed", "false");
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", show);
      input.addEventListener("change", show);
    });
    root.querySelectorAll("button.pgd-explore-play").forEach(function (button) {
      var input = document.getElementById(button.getAttribute("aria-controls"));
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        if (timer !== null) { stop(button); return; }
        if (Number(input.value) >= Number(input.max)) { input.value = "0"; show(); }
        button.textContent = "pause";
        button.setAttribute("aria-pressed", "true");
        timer = setInterval(function () {
          if (Number(input.value) >= Number(input.max)) { stop(button); return; }
          input.value = String(Number(input.value) + 1);
          show();
        }, 400);
      });
    });
    window.addEventListener("hashchange", function () { if (fromFragment()) { show(); } });
    fromFragment();
    show();
    // Every setting's image is fetched once, so that a later move swaps without waiting.
    data.images.forEach(function (url) { new Image().src = url; });
    root.classList.add("pgd-explore-ready");
  }

  function start() {
    document.querySelectorAll("figure.pgd-explore").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
