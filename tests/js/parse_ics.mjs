// Parse every .ics file given on the command line with ical.js, the engine of
// Thunderbird, the way a subscribing client reads it.
//
//   node tests/js/parse_ics.mjs a.ics b.ics      -> JSON of what ical.js read, on stdout
//
// Exits 1 and prints "file: reason" on stderr for every file ical.js rejects, and
// for what it accepts but would show wrongly: a missing UID or DTSTART, a date it
// silently "corrects" (20251301 becomes 1 January 2026), an end not after the start.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ICAL = (await import(join(here, "..", "..", "node_modules", "ical.js", "dist", "ical.js"))).default;

function rawValue(component, name) {
  const property = component.getFirstProperty(name);
  // jCal keeps the text as written (a date as "2025-07-01"), before ICAL.Time normalises it.
  return property ? property.toJSON()[3] : null;
}

function checkTime(component, name, time, problems) {
  const raw = rawValue(component, name);
  if (time && typeof raw === "string" && time.toString() !== raw) {
    problems.push(`${name} ${raw} is not a real date or time (ical.js reads ${time.toString()})`);
  }
}

function readEvent(vevent, problems) {
  const event = new ICAL.Event(vevent);
  const uid = event.uid;
  const where = uid ? `event ${uid}` : "event without UID";
  const local = [];
  if (!uid) local.push("VEVENT without UID");
  if (!vevent.hasProperty("dtstamp")) local.push("VEVENT without DTSTAMP");
  if (!event.startDate) local.push("VEVENT without DTSTART");
  checkTime(vevent, "dtstart", event.startDate, local);
  if (vevent.hasProperty("dtend")) checkTime(vevent, "dtend", event.endDate, local);
  if (event.startDate && event.endDate && event.endDate.compare(event.startDate) <= 0) {
    local.push("DTEND is not after DTSTART");
  }
  for (const problem of local) problems.push(`${where}: ${problem}`);
  const categories = vevent.getAllProperties("categories").flatMap((p) => p.getValues());
  return {
    uid,
    start: event.startDate ? event.startDate.toString() : null,
    end: event.endDate ? event.endDate.toString() : null,
    startIsDate: event.startDate ? event.startDate.isDate : null,
    endIsDate: event.endDate ? event.endDate.isDate : null,
    summary: event.summary,
    description: event.description,
    status: vevent.getFirstPropertyValue("status"),
    sequence: event.sequence,
    dtstamp: rawValue(vevent, "dtstamp"),
    lastModified: rawValue(vevent, "last-modified"),
    transp: vevent.getFirstPropertyValue("transp"),
    url: vevent.getFirstPropertyValue("url"),
    categories,
    alarms: vevent.getAllSubcomponents("valarm").length,
    properties: vevent.getAllProperties().map((p) => p.name),
  };
}

function readFile(path) {
  const problems = [];
  let root;
  try {
    root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  } catch (error) {
    return { problems: [`ical.js cannot parse it: ${error.message}`] };
  }
  if (root.name !== "vcalendar") return { problems: [`top component is ${root.name}, not vcalendar`] };
  let refresh;
  try {
    refresh = root.getFirstProperty("refresh-interval");
    refresh?.getFirstValue();
  } catch (error) {
    return { problems: [`ical.js cannot read REFRESH-INTERVAL: ${error.message}`] };
  }
  const events = [];
  for (const vevent of root.getAllSubcomponents("vevent")) {
    // ical.js decodes values lazily: a bad DTSTART throws only when it is read.
    try {
      events.push(readEvent(vevent, problems));
    } catch (error) {
      problems.push(`ical.js cannot read event ${vevent.getFirstPropertyValue("uid") ?? "without UID"}: ${error.message}`);
    }
  }
  const calendar = {
    name: root.getFirstPropertyValue("name"),
    calname: root.getFirstPropertyValue("x-wr-calname"),
    description: root.getFirstPropertyValue("description"),
    url: root.getFirstPropertyValue("url"),
    refreshType: refresh ? refresh.type : null,
    refresh: refresh ? String(refresh.getFirstValue()) : null,
    properties: root.getAllProperties().map((p) => p.name),
    events,
  };
  return { calendar, problems };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node parse_ics.mjs FILE.ics [FILE.ics ...]");
  process.exit(2);
}
const result = {};
let failed = false;
for (const path of files) {
  const { calendar, problems } = readFile(path);
  for (const problem of problems) console.error(`${path}: ${problem}`);
  failed ||= problems.length > 0;
  if (calendar) result[path] = calendar;
}
process.stdout.write(JSON.stringify(result));
// Not process.exit(): that cuts off stdout to a pipe after 64 KiB.
process.exitCode = failed ? 1 : 0;
