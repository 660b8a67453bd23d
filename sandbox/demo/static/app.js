// Sandbox Stays: configure the real Web SDK against the Edge emulator, send a page view, and
// personalize the hero banner and the ad slot from `result.destinations` (Custom Personalization).
(function () {
  "use strict";

  const params = new URLSearchParams(window.location.search);
  const section = params.get("section") || "home";

  function pageView() {
    return {
      eventType: "web.webpagedetails.pageViews",
      web: { webPageDetails: { URL: window.location.href, name: section, siteSection: section } },
    };
  }

  function audiencesFor(destinations, alias) {
    const found = destinations.find((d) => d.alias === alias);
    return found ? found.segments.map((s) => s.id) : [];
  }

  function choose(slot, inAudiences) {
    const rule = slot.rules.find((r) => inAudiences.includes(r.audienceId));
    return rule || Object.assign({ audienceId: "" }, slot.fallback);
  }

  function audienceName(config, id) {
    const known = (config.audiences || {})[id];
    return known ? known.name : id;
  }

  function why(config, choice, inAudiences) {
    if (choice.audienceId) {
      return "because you are in: " + audienceName(config, choice.audienceId);
    }
    if (inAudiences.length) {
      return "everyone sees this: none of your audiences (" +
        inAudiences.map((id) => audienceName(config, id)).join(", ") + ") has a banner here";
    }
    return "everyone sees this: you are in no audience mapped here yet";
  }

  function fill(prefix, choice, reason) {
    document.getElementById(prefix).dataset.audience = choice.audienceId;
    document.getElementById(prefix + "-title").textContent = choice.title;
    document.getElementById(prefix + "-text").textContent = choice.text;
    document.getElementById(prefix + "-why").textContent = reason;
  }

  function listMemberships(config, destinations) {
    const list = document.getElementById("memberships");
    list.replaceChildren(...destinations.map((d) => {
      const item = document.createElement("li");
      const names = d.segments.map((s) => audienceName(config, s.id));
      const destination = (config.destinations || {})[d.alias] || d.alias;
      item.textContent = destination + ": " + (names.join(", ") || "no audience");
      return item;
    }));
  }

  function render(config, result) {
    const destinations = result.destinations || [];
    for (const [alias, slot] of Object.entries(config.slots)) {
      const inAudiences = audiencesFor(destinations, alias);
      const choice = choose(slot, inAudiences);
      fill(slot.slot, choice, why(config, choice, inAudiences));
    }
    listMemberships(config, destinations);
    document.getElementById("destinations").textContent = JSON.stringify(destinations, null, 2);
    document.getElementById("status").textContent = "Personalized by the Edge at " + config.edgeDomain;
  }

  function fail(error) {
    document.getElementById("status").textContent = "sendEvent failed: " + error.message;
    throw error;
  }

  async function start() {
    const config = await (await fetch("/demo/config.json")).json();
    const edgeDomain = params.get("edge") || config.edgeDomain;
    await window.alloy("configure", {
      datastreamId: config.datastreamId,
      orgId: config.orgId,
      edgeDomain: edgeDomain,
      edgeBasePath: config.edgeBasePath,
      thirdPartyCookiesEnabled: false,
      idMigrationEnabled: false,
      clickCollectionEnabled: false,
      debugEnabled: params.has("debug"),
    });
    const send = (options) => window.alloy("sendEvent", options).then((result) => {
      render(config, result);
      return result;
    }, fail);
    document.getElementById("sign-in").addEventListener("submit", (event) => {
      event.preventDefault();
      const email = document.getElementById("email").value.trim();
      if (!email) return;
      const identityMap = { Email: [{ id: email, authenticatedState: "authenticated", primary: true }] };
      send({ xdm: Object.assign(pageView(), { identityMap: identityMap }) });
    });
    window.sandboxDemo = { config: config, send: send, pageView: pageView };
    return send({ xdm: pageView() });
  }

  window.sandboxDemoReady = start();
})();
