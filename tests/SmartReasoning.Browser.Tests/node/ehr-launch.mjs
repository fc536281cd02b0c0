// An EHR launch of a real external SMART client, fhirclient (the SMART JavaScript client library), against
// the sandbox EHR. This script is both sides of a browser-less launch:
//  - the app's server, with fhirclient's Node API (smart(req, res, storage)) on 127.0.0.1 and a free port,
//    keeping fhirclient's state in an in-memory session store keyed by a cookie;
//  - the user's browser, following every redirect itself and carrying cookies, from the sandbox's chart launch
//    URL through the app's /launch, the sandbox's /auth/authorize and back to the app's /callback.
// The app registers itself first (RFC 7591, the registration_endpoint of the sandbox's SMART configuration).
// It prints one JSON object: the registered client id, the hops taken (origin and path only, no codes) and what
// the app read. Exit code 0 when the app read the patient, 1 otherwise (the JSON then says why).
//
// usage: node ehr-launch.mjs --sandbox http://127.0.0.1:PORT --patient ID --modules DIR-WITH-node_modules
import http from "node:http";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { sandbox: { type: "string" }, patient: { type: "string" }, modules: { type: "string" } },
});
if (!args.sandbox || !args.patient || !args.modules) {
  console.error("usage: node ehr-launch.mjs --sandbox <root> --patient <id> --modules <dir>");
  process.exit(2);
}
const smart = createRequire(path.join(path.resolve(args.modules), "package.json"))("fhirclient");

const scope = "launch openid fhirUser patient/*.rs";
const sessionCookie = "test_app_session";
const step = () => AbortSignal.timeout(30_000);
const hops = [];
let outcome = null;

// fhirclient keeps its launch state server side; this is the smallest store it accepts (get, set, unset).
const sessions = new Map();
function storageFor(req, res) {
  const cookies = Object.fromEntries((req.headers.cookie || "").split(/;\s*/).filter(Boolean).map((c) => c.split("=", 2)));
  let id = cookies[sessionCookie];
  if (!id || !sessions.has(id)) {
    id = randomUUID();
    sessions.set(id, new Map());
    res.setHeader("Set-Cookie", `${sessionCookie}=${id}; Path=/; HttpOnly; SameSite=Lax`);
  }
  const values = sessions.get(id);
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => (values.set(key, value), value),
    unset: async (key) => values.delete(key),
  };
}

let clientId = "";
const app = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  try {
    if (url.pathname === "/launch") {
      await smart(req, res, storageFor(req, res)).authorize({ clientId, scope, redirectUri: `${appOrigin}/callback` });
    } else if (url.pathname === "/callback") {
      const client = await smart(req, res, storageFor(req, res)).ready();
      const patient = await client.patient.read();
      const tokens = client.state.tokenResponse || {};
      // What the app saw, never the tokens themselves.
      outcome = {
        patientInContext: client.patient.id,
        grantedScope: tokens.scope,
        tokenType: tokens.token_type,
        idToken: Boolean(tokens.id_token),
        fhirUser: client.getFhirUser(),
        patient: { resourceType: patient.resourceType, id: patient.id, name: patient.name },
      };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(outcome));
    } else {
      res.writeHead(404).end();
    }
  } catch (error) {
    outcome = { error: `${url.pathname}: ${error?.message ?? error}` };
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify(outcome));
  }
});
await new Promise((resolve) => app.listen(0, "127.0.0.1", resolve));
const appOrigin = `http://127.0.0.1:${app.address().port}`;

async function main() {
  const fhirBase = `${args.sandbox.replace(/\/+$/, "")}/fhir`;
  const discovery = await fetch(`${fhirBase}/.well-known/smart-configuration`, { signal: step() });
  if (!discovery.ok) throw new Error(`GET ${fhirBase}/.well-known/smart-configuration answered ${discovery.status}`);
  const configuration = await discovery.json();
  if (!configuration.registration_endpoint) throw new Error("the SMART configuration has no registration_endpoint");
  const registration = await fetch(configuration.registration_endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_name: "fhirclient external client test",
      redirect_uris: [`${appOrigin}/callback`],
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code"],
      response_types: ["code"],
      scope,
    }),
    signal: step(),
  });
  const registered = await registration.json();
  if (!registration.ok || !registered.client_id) {
    throw new Error(`registration refused (${registration.status}): ${JSON.stringify(registered)}`);
  }
  clientId = registered.client_id;

  // The browser: cookies per host, as a browser keeps them (ports share them).
  const jar = new Map();
  let url = `${args.sandbox}/chart/${encodeURIComponent(args.patient)}/launch?app=${encodeURIComponent(`${appOrigin}/launch`)}`;
  for (let hop = 0; hop < 20; hop++) {
    const target = new URL(url);
    const cookies = jar.get(target.hostname) || new Map();
    const response = await fetch(url, {
      redirect: "manual",
      headers: cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {},
      signal: step(),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    jar.set(target.hostname, cookies);
    hops.push({ status: response.status, url: `${target.origin}${target.pathname}` });
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      continue;
    }
    const body = await response.text();
    if (!outcome) outcome = { error: `the launch stopped at ${target.origin}${target.pathname} (${response.status}): ${body.slice(0, 2000)}` };
    return;
  }
  outcome = { error: "more than 20 redirects" };
}

let exitCode = 1;
try {
  await main();
  exitCode = outcome && !outcome.error ? 0 : 1;
} catch (error) {
  outcome = { error: String(error?.message ?? error) };
} finally {
  app.close();
  app.closeAllConnections();
}
process.stdout.write(JSON.stringify({ clientId, hops, ...outcome }) + "\n");
process.exit(exitCode);
