// The family diagram: draws one child's family network as a genogram-style SVG, with each home
// as a box, each person as a symbol, relationships as lines and overnight care away from the
// main home marked so that it cannot be missed. Names are user data: they only ever reach the
// page through textContent.

const SVG = 'http://www.w3.org/2000/svg';

// Sizes in viewBox units (CSS pixels when the diagram is shown at its natural width).
const CELL = 132; // width given to each person
const LABEL_W = 110; // widest a label may be, so that lines between cells never cross text
const SYM = 40; // symbol size
const MARGIN = 16;
const BOX_PAD = 12;
const BOX_GAP = 24;
const BOX_MIN_W = 164;
const LANE = 9; // distance between parallel lines in the space between two rows
const MIN_VIEW_W = 880; // so that a small family is not blown up to fill a wide window
// Font sizes used to measure text; they must match diagram.css.
const NAME_PX = 13;
const SMALL_PX = 12;
const ROUTE_BASE = 28; // first overnight arrow, below the homes
const ROUTE_STEP = 34;

const PARTNER_KINDS = new Set(['partner']);
const SIBLING_KINDS = new Set(['full_sibling', 'half_sibling', 'step_sibling']);
const BIRTH_KINDS = new Set(['birth_mother', 'birth_father', 'birth_parent']);
// How an adult's other child is related to them, when that makes the adult a parent figure.
const PARENTAL_RELATIONS = new Set(['Child', 'Adopted child', 'Stepchild', 'Foster child', 'Child under special guardianship']);
const SHORT_CARE = { 'Occasional babysitting': 'Babysitting', 'Overnight stays': 'Overnight' };

let instances = 0;

/** The diagram for a family view (the `familyNetwork` DTO), as an `<svg>` element. */
export function familyDiagram(family) {
  instances += 1;
  try {
    const model = buildModel(family ?? {});
    const plan = layout(model);
    return draw(model, plan, `kf-diagram-${instances}`);
  } catch (error) {
    console.error('family diagram', error);
    return fallback(`kf-diagram-${instances}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The model: each person once, keyed by id, with their home, generation and relationships.

function buildModel(family) {
  const list = (value) => (Array.isArray(value) ? value.filter((x) => x && typeof x === 'object') : []);
  const key = (id) => (id === null || id === undefined ? null : String(id));
  const homes = list(family.homes);
  const mainHome = homes.find((h) => h.isMain);
  const mainHomeId = key(family.mainHomeId ?? mainHome?.id ?? null);
  const homeKeyOf = (homeId, livesWithChild) => {
    const id = key(homeId);
    if (livesWithChild || (id !== null && id === mainHomeId)) return 'main';
    return id === null ? 'unknown' : `h${id}`;
  };

  const people = new Map();
  const add = (person, fields) => {
    const id = key(person?.id);
    if (id === null) return null;
    const existing = people.get(id);
    if (existing) {
      // A member record says more than a mention as someone's other child.
      if (fields.member && !existing.member) Object.assign(existing, fields);
      return existing;
    }
    const p = {
      id,
      name: cleanText(person.name) || 'Name not known',
      nameKnown: person.nameKnown !== false && cleanText(person.name) !== '',
      age: cleanText(person.age),
      sex: sexOf(person.sex),
      deceased: person.deceased === true,
      order: people.size,
      ...fields,
    };
    people.set(id, p);
    return p;
  };

  const child = family.child && typeof family.child === 'object' ? family.child : {};
  const childKey = key(child.id) ?? '__child';
  add({ ...child, id: childKey }, { isChild: true, member: true, rank: -1, roles: 'This child', homeKey: 'main', adult: false });

  const records = [
    ...list(family.atHome).map((m) => ({ ...m, livesWithChild: true })),
    ...list(family.elsewhere),
  ];
  const synthetic = [];
  const members = [];
  for (const [rank, m] of records.entries()) {
    const parent = add(m.person, {
      member: true,
      rank,
      roles: cleanText(m.roles),
      homeKey: homeKeyOf(m.homeId, m.livesWithChild === true),
      adult: m.isAdultForChild === true || yearsOld(m.person?.age) >= 18,
    });
    const kids = [];
    for (const o of list(m.otherChildren)) {
      const relation = cleanText(o.relationship) || 'Child';
      const kid = add(o.person, {
        member: false,
        roles: parent ? `${relation} of ${parent.name}` : relation,
        homeKey: homeKeyOf(o.homeId, false),
        adult: yearsOld(o.person?.age) >= 18,
      });
      if (parent && kid && kid !== parent) synthetic.push({ parent: parent.id, kid: kid.id, relation });
      if (parent && kid) kids.push(kid);
    }
    if (parent) members.push({ person: parent, kids });
  }

  const links = [];
  for (const l of list(family.links)) {
    const from = key(l.fromId);
    const to = key(l.toId);
    if (from === null || to === null || from === to || !people.has(from) || !people.has(to)) continue;
    links.push({
      from,
      to,
      kind: String(l.kind ?? ''),
      parental: l.parental === true,
      symmetric: l.symmetric === true,
      ended: l.ended === true,
    });
  }
  // An adult's other child with no link recorded between them still hangs from that adult.
  for (const s of synthetic) {
    const linked = links.some((l) => (l.from === s.parent && l.to === s.kid) || (l.from === s.kid && l.to === s.parent));
    if (!linked && PARENTAL_RELATIONS.has(s.relation)) {
      const kind = s.relation === 'Child' ? 'birth_parent' : 'other_parent';
      links.push({ from: s.parent, to: s.kid, kind, parental: true, symmetric: false, ended: false });
    }
  }

  const care = [];
  for (const c of list(family.care)) {
    if (c.current === false) continue;
    care.push({
      carer: key(c.carerId),
      carerName: cleanText(c.carerName),
      kind: cleanText(c.kind) || 'Care',
      frequency: cleanText(c.frequency),
      place: cleanText(c.place),
      overnightAway: c.overnight === true && c.awayFromHome === true,
    });
  }

  const model = {
    child: people.get(childKey),
    people,
    members,
    links,
    care,
    mainHomeId,
    mainSummary: cleanText(mainHome?.summary ?? family.mainHome),
    homeSummary: new Map(homes.map((h) => [homeKeyOf(h.id, false), cleanText(h.summary)])),
  };
  placeCare(model, homes, homeKeyOf);
  assignGenerations(model);
  return model;
}

/** Which person each current care arrangement belongs to, and the home it happens in. */
function placeCare(model, homes, homeKeyOf) {
  for (const c of model.care) {
    const carer = model.people.get(c.carer) ?? null;
    c.person = carer;
    let target = null;
    if (c.place) {
      const matches = homes.filter((h) => cleanText(h.summary) === c.place).map((h) => homeKeyOf(h.id, false));
      target = matches.find((k) => k === carer?.homeKey) ?? matches[0] ?? null;
    }
    c.homeKey = target ?? carer?.homeKey ?? null;
    if (carer && !carer.care) carer.care = c; // the first is the most important: the DTO sorts them
  }
}

/** Generation of each person relative to the child (parents -1, grandparents -2...). */
function assignGenerations(model) {
  const gen = new Map([[model.child.id, 0]]);
  const offset = (l) => {
    if (l.parental) return 1;
    if (l.kind === 'grandparent') return 2;
    if (l.symmetric || PARTNER_KINDS.has(l.kind) || SIBLING_KINDS.has(l.kind)) return 0;
    return null;
  };
  const propagate = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const l of model.links) {
        const d = offset(l);
        if (d === null) continue;
        if (gen.has(l.from) && !gen.has(l.to)) {
          gen.set(l.to, gen.get(l.from) + d);
          changed = true;
        } else if (gen.has(l.to) && !gen.has(l.from)) {
          gen.set(l.from, gen.get(l.to) - d);
          changed = true;
        }
      }
    }
  };
  propagate();
  for (const p of model.people.values()) {
    if (gen.has(p.id)) continue;
    gen.set(p.id, p.adult ? -1 : 0);
    propagate();
  }
  for (const p of model.people.values()) p.gen = Math.max(-3, Math.min(2, gen.get(p.id)));
}

// ---------------------------------------------------------------------------------------------
// Layout: homes side by side (main home first), one row per generation across all of them,
// people placed in each row near the people they are linked to.

function layout(model) {
  const people = [...model.people.values()];
  const gens = [...new Set(people.map((p) => p.gen))].sort((a, b) => a - b);
  const rowCount = gens.length;
  for (const p of people) p.row = gens.indexOf(p.gen);

  const boxes = orderHomes(model).map((k) => homeBox(model, k, rowCount));
  const boxOf = new Map(boxes.map((b) => [b.key, b]));
  for (const p of people) boxOf.get(p.homeKey).rows[p.row].push(p);

  let left = MARGIN;
  for (const b of boxes) {
    b.slots = Math.max(1, ...b.rows.map((r) => r.length));
    b.w = Math.max(BOX_MIN_W, b.slots * CELL + 2 * BOX_PAD);
    b.x = left;
    left += b.w + BOX_GAP;
  }

  const neighbours = relationsOf(model);
  for (const b of boxes) for (const row of b.rows) placeRow(b, row, row.map(() => b.x + b.w / 2));
  const pull = (p) => {
    const near = neighbours.get(p.id) ?? [];
    const weight = near.reduce((s, n) => s + n.weight, 0);
    return weight ? near.reduce((s, n) => s + n.weight * n.person.x, 0) / weight : p.x;
  };
  // First each row in the order its people are pulled, then the best order of each small row.
  for (let pass = 0; pass < 6; pass += 1) {
    for (const b of boxes) {
      for (const [r, row] of b.rows.entries()) {
        const desired = new Map(row.map((p) => [p.id, pull(p)]));
        if (pass < 2 || row.length > 5) {
          row.sort((a, c) => desired.get(a.id) - desired.get(c.id) || a.x - c.x || a.order - c.order);
          placeRow(b, row, row.map((p) => desired.get(p.id)));
        } else {
          b.rows[r] = bestOrder(b, row, desired, people, neighbours);
        }
      }
    }
  }

  const lines = routeLinks(model, rowCount);
  const plan = { boxes, lines, rowCount, contentRight: left - BOX_GAP };
  measureVertical(model, plan);
  return plan;
}

/**
 * Home keys: the main home first, then the homes of the people who live elsewhere in the order
 * the family view lists them (parents first), each followed by the homes of their other
 * children, so that the lines between them stay short.
 */
function orderHomes(model) {
  const keys = ['main'];
  const push = (key) => {
    if (key && !keys.includes(key)) keys.push(key);
  };
  const away = model.members.filter((m) => m.person.homeKey !== 'main');
  const atHome = model.members.filter((m) => m.person.homeKey === 'main');
  for (const m of [...away, ...atHome]) {
    push(m.person.homeKey);
    for (const kid of m.kids) push(kid.homeKey);
  }
  for (const p of model.people.values()) push(p.homeKey);
  for (const c of model.care) if (c.overnightAway) push(c.homeKey);
  return keys;
}

function homeBox(model, key, rowCount) {
  const box = { key, rows: Array.from({ length: rowCount }, () => []) };
  if (key === 'main') {
    box.kind = 'main';
    box.title = 'Main home';
    box.address = model.mainSummary || 'Address not recorded';
  } else if (key === 'unknown') {
    box.kind = 'unknown';
    box.title = 'Home not known';
    box.address = '';
  } else {
    const hasPeople = [...model.people.values()].some((p) => p.homeKey === key);
    box.kind = hasPeople ? 'other' : 'place';
    box.title = hasPeople ? 'Lives elsewhere' : 'Overnight care';
    box.address = model.homeSummary.get(key) || 'Address not recorded';
  }
  return box;
}

/** Everyone each person is joined to by a line, to pull them close; partners pull hardest. */
function relationsOf(model) {
  const map = new Map();
  const join = (a, b, weight, partner) => {
    for (const [x, y] of [[a, b], [b, a]]) {
      if (!map.has(x)) map.set(x, []);
      const list = map.get(x);
      const found = list.find((n) => n.person.id === y);
      if (found) {
        found.weight = Math.max(found.weight, weight);
        found.partner ||= partner;
      } else list.push({ person: model.people.get(y), weight, partner });
    }
  };
  for (const l of model.links) {
    if (PARTNER_KINDS.has(l.kind)) join(l.from, l.to, 2, true);
    else if (l.parental || SIBLING_KINDS.has(l.kind)) join(l.from, l.to, 1, false);
  }
  return map;
}

/**
 * Tries every order of a row's people and keeps the one with the shortest lines, never putting
 * anyone between two partners (so that their line, and their children's, stays clear).
 */
function bestOrder(box, row, desired, people, neighbours) {
  let best = row;
  placeRow(box, row, row.map((p) => desired.get(p.id)));
  let bestCost = layoutCost(people, neighbours);
  const xs = new Map(row.map((p) => [p.id, p.x]));
  for (const order of permutations(row)) {
    placeRow(box, order, order.map((p) => desired.get(p.id)));
    const cost = layoutCost(people, neighbours);
    if (cost < bestCost - 0.5) {
      best = order;
      bestCost = cost;
      for (const p of order) xs.set(p.id, p.x);
    }
  }
  for (const p of best) p.x = xs.get(p.id);
  return best;
}

function layoutCost(people, neighbours) {
  let cost = 0;
  for (const p of people) {
    for (const n of neighbours.get(p.id) ?? []) {
      const q = n.person;
      cost += n.weight * Math.abs(p.x - q.x) * (p.row === q.row ? 1 : 0.5);
      if (n.partner && p.row === q.row && people.some((o) => o.row === p.row && o.x > Math.min(p.x, q.x) && o.x < Math.max(p.x, q.x))) {
        cost += 5000;
      }
    }
  }
  return cost;
}

function permutations(items) {
  if (items.length <= 1) return [items];
  const out = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([item, ...rest]);
  });
  return out;
}

/**
 * Places a row's people (already in left-to-right order) on the box's half-cell grid, as close
 * as possible to where they are pulled, never closer than one cell to each other.
 */
function placeRow(box, row, desired) {
  if (row.length === 0) return;
  const inner = box.slots * CELL;
  const start = box.x + (box.w - inner) / 2 + CELL / 2;
  const positions = 2 * box.slots - 1;
  const centre = box.x + box.w / 2;
  const at = (j) => start + (j * CELL) / 2;
  const cost = (i, j) => Math.abs(at(j) - desired[i]) + 0.01 * Math.abs(at(j) - centre);
  const best = row.map(() => new Array(positions).fill(Infinity));
  const from = row.map(() => new Array(positions).fill(-1));
  for (let j = 0; j < positions; j += 1) best[0][j] = cost(0, j);
  for (let i = 1; i < row.length; i += 1) {
    for (let j = 2 * i; j < positions; j += 1) {
      for (let k = 0; k <= j - 2; k += 1) {
        const c = best[i - 1][k] + cost(i, j);
        if (c < best[i][j]) {
          best[i][j] = c;
          from[i][j] = k;
        }
      }
    }
  }
  let j = 0;
  for (let k = 1; k < positions; k += 1) if (best[row.length - 1][k] < best[row.length - 1][j]) j = k;
  for (let i = row.length - 1; i >= 0; i -= 1) {
    row[i].x = at(j);
    j = from[i][j];
  }
}

// ---------------------------------------------------------------------------------------------
// Lines. Partners are joined at symbol height; children hang from the middle of their parents'
// partner line, or from a short stub beside a lone parent, through a horizontal line in the
// space above the children's row. Each horizontal line gets its own lane in that space.

function routeLinks(model, rowCount) {
  const people = model.people;
  const rows = Array.from({ length: rowCount }, () => []);
  for (const p of people.values()) rows[p.row].push(p);
  const between = (a, b) => rows[a.row].some((p) => p !== a && p !== b && p.x > Math.min(a.x, b.x) && p.x < Math.max(a.x, b.x));

  const partners = new Map();
  const siblings = new Map();
  const parentsOf = new Map();
  for (const l of model.links) {
    const pair = [l.from, l.to].sort().join('|');
    if (PARTNER_KINDS.has(l.kind)) {
      const prior = partners.get(pair);
      partners.set(pair, { a: people.get(l.from), b: people.get(l.to), ended: prior ? prior.ended && l.ended : l.ended });
    } else if (l.parental) {
      if (!parentsOf.has(l.to)) parentsOf.set(l.to, []);
      const list = parentsOf.get(l.to);
      if (!list.some((x) => x.parent.id === l.from)) {
        list.push({ parent: people.get(l.from), birth: BIRTH_KINDS.has(l.kind), ended: l.ended });
      }
    } else if (SIBLING_KINDS.has(l.kind) && !siblings.has(pair)) {
      siblings.set(pair, { a: people.get(l.from), b: people.get(l.to), ended: l.ended });
    }
  }

  const lines = { partners: [], descents: [], brackets: [], straights: [], lanes: rows.map(() => []) };
  const stubSides = new Map(); // person id -> sides taken by a partner line at symbol height

  for (const link of partners.values()) {
    const [a, b] = link.a.x <= link.b.x ? [link.a, link.b] : [link.b, link.a];
    if (a.row !== b.row) {
      lines.straights.push({ a, b, cls: link.ended ? 'kf-dg-line kf-dg-line--ended' : 'kf-dg-line' });
    } else if (!between(a, b)) {
      lines.partners.push({ a, b, ended: link.ended, straight: true });
      addSide(stubSides, a.id, 1);
      addSide(stubSides, b.id, -1);
    } else {
      lines.brackets.push({ a, b, ended: link.ended, cls: 'kf-dg-line' });
    }
  }
  const straightPartners = new Map(lines.partners.map((l) => [[l.a.id, l.b.id].sort().join('|'), l]));

  const groups = new Map();
  for (const [kidId, parents] of parentsOf) {
    const kid = people.get(kidId);
    const left = [...parents];
    const anchors = [];
    // Two parents with a partner line between them: the child hangs from its middle.
    for (let i = 0; i < left.length; i += 1) {
      for (let j = i + 1; j < left.length; j += 1) {
        const line = straightPartners.get([left[i].parent.id, left[j].parent.id].sort().join('|'));
        const style = styleOf([left[i]]);
        if (line && line.a.row + 1 === kid.row && style === styleOf([left[j]])) {
          anchors.push({ key: `pair:${line.a.id}|${line.b.id}`, x: (line.a.x + line.b.x) / 2, level: line.a, stub: null, style });
          left.splice(j, 1);
          left.splice(i, 1);
          i = -1;
          break;
        }
      }
    }
    for (const entry of left) {
      const parent = entry.parent;
      if (parent.row + 1 !== kid.row) {
        lines.straights.push({ a: parent, b: kid, cls: styleOf([entry]) });
        continue;
      }
      let side = kid.x >= parent.x ? 1 : -1;
      const taken = stubSides.get(parent.id) ?? new Set();
      if (taken.has(side) && !taken.has(-side)) side = -side;
      const low = taken.has(side); // both sides taken: run the stub a little lower
      anchors.push({ key: `one:${parent.id}:${side}`, x: parent.x + side * (CELL / 2 - 6), level: parent, stub: { parent, low }, style: styleOf([entry]) });
    }
    for (const anchor of anchors) {
      const key = `${anchor.key}:${anchor.style}`;
      if (!groups.has(key)) groups.set(key, { ...anchor, kids: [] });
      if (groups.get(key).kids.includes(kid)) continue;
      groups.get(key).kids.push(kid);
    }
  }
  // Lone parents of the same children (say a mother and a father never recorded as partners)
  // share one line, so the children hang from both.
  const merged = new Map();
  for (const g of groups.values()) {
    const key = `${g.kids.map((k) => k.id).sort().join('|')}:${g.style}`;
    if (!merged.has(key)) merged.set(key, { anchors: [], kids: g.kids, style: g.style });
    merged.get(key).anchors.push(g);
  }
  for (const g of merged.values()) {
    const xs = [...g.anchors.map((a) => a.x), ...g.kids.map((k) => k.x)];
    const row = g.kids[0].row;
    g.lane = { row, x1: Math.min(...xs), x2: Math.max(...xs), index: 0 };
    lines.lanes[row].push(g.lane);
    lines.descents.push(g);
  }

  for (const s of siblings.values()) {
    const shared = (parentsOf.get(s.a.id) ?? []).some((x) => (parentsOf.get(s.b.id) ?? []).some((y) => y.parent === x.parent));
    if (shared) continue; // their parent lines already show it
    const [a, b] = s.a.x <= s.b.x ? [s.a, s.b] : [s.b, s.a];
    if (a.row === b.row) lines.brackets.push({ a, b, ended: s.ended, cls: 'kf-dg-line kf-dg-line--sibling' });
    else lines.straights.push({ a, b, cls: 'kf-dg-line kf-dg-line--sibling' });
  }
  // Lines that go over the top of a row (siblings, partners with someone between them) take
  // the lanes nearest that row, below the lanes of the lines that come down from the parents.
  const firstBracketLane = lines.lanes.map((lanes) => assignLanes(lanes, 0));
  for (const br of lines.brackets) {
    br.lane = { row: br.a.row, x1: br.a.x, x2: br.b.x, index: 0 };
  }
  lines.bracketLanes = lines.lanes.map(() => []);
  for (const br of lines.brackets) lines.bracketLanes[br.a.row].push(br.lane);
  lines.laneCount = lines.lanes.map((_, r) => assignLanes(lines.bracketLanes[r], firstBracketLane[r]));
  return lines;
}

function addSide(map, id, side) {
  if (!map.has(id)) map.set(id, new Set());
  map.get(id).add(side);
}

/** Line style for a group of parental links: dashed when ended, dotted when not by birth. */
function styleOf(entries) {
  if (entries.every((e) => e.ended)) return 'kf-dg-line kf-dg-line--ended';
  if (entries.some((e) => !e.birth)) return 'kf-dg-line kf-dg-line--carer';
  return 'kf-dg-line';
}

/** Gives each horizontal line a lane so that none overlaps another; returns the lanes used. */
function assignLanes(lanes, first) {
  const ends = [];
  const sorted = [...lanes].sort((a, b) => a.x1 - b.x1 || a.x2 - b.x2);
  for (const lane of sorted) {
    let i = ends.findIndex((end) => end + 40 < lane.x1); // a clear gap, so two lines never read as one
    if (i === -1) {
      i = ends.length;
      ends.push(0);
    }
    ends[i] = lane.x2;
    lane.index = first + i;
  }
  return first + ends.length;
}

/** Heights of the header, the rows and the spaces between them; every box shares them. */
function measureVertical(model, plan) {
  for (const b of plan.boxes) {
    b.addressLines = b.address ? addressLines(b.address, b.w - 2 * BOX_PAD) : [];
  }
  const headerH = BOX_PAD + 20 + 15 * Math.max(0, ...plan.boxes.map((b) => b.addressLines.length)) + 4;
  const rowH = new Array(plan.rowCount).fill(SYM);
  for (const p of model.people.values()) {
    p.labels = personLabels(p);
    rowH[p.row] = Math.max(rowH[p.row], SYM + labelsHeight(p.labels));
  }
  let y = MARGIN + headerH;
  plan.rowTop = [];
  plan.laneY = [];
  for (let r = 0; r < plan.rowCount; r += 1) {
    const lanes = plan.lines.laneCount[r];
    const gap = Math.max(r === 0 ? 12 : 30, 16 + lanes * LANE);
    const laneTop = y + (gap - (lanes - 1) * LANE) / 2;
    plan.laneY.push((i) => laneTop + i * LANE);
    y += gap;
    plan.rowTop.push(y);
    y += rowH[r];
  }
  plan.boxTop = MARGIN;
  plan.boxBottom = y + BOX_PAD;
  for (const p of model.people.values()) {
    p.top = plan.rowTop[p.row];
    p.mid = p.top + SYM / 2;
  }
}

// ---------------------------------------------------------------------------------------------
// Drawing.

function draw(model, plan, id) {
  const routes = overnightRoutes(model, plan);
  const routesBottom = routes.length ? routes[routes.length - 1].y + 12 : plan.boxBottom;
  const width = Math.max(MIN_VIEW_W, plan.contentRight + MARGIN, ...routes.map((r) => r.right + MARGIN));

  const svg = el('svg', {
    class: 'kf-diagram',
    role: 'img',
    width: '100%',
    'aria-labelledby': `${id}-title ${id}-desc`,
  });
  el('title', { id: `${id}-title` }, svg).textContent = `Family diagram for ${model.child.name}`;
  el('desc', { id: `${id}-desc` }, svg).textContent = describe(model);

  const homes = el('g', { class: 'kf-dg-homes' }, svg);
  for (const b of plan.boxes) drawHome(homes, b, plan);
  drawLinks(el('g', { class: 'kf-dg-links', 'aria-hidden': 'true' }, svg), plan);
  const peopleLayer = el('g', { class: 'kf-dg-people' }, svg);
  for (const p of model.people.values()) drawPerson(peopleLayer, p, model);
  const routeLayer = el('g', { class: 'kf-dg-routes' }, svg);
  for (const r of routes) drawRoute(routeLayer, r, model);
  const legendH = legend(svg, routesBottom + 24, width, {
    unknownSex: [...model.people.values()].some((p) => p.sex === 'unknown'),
    died: [...model.people.values()].some((p) => p.deceased),
    carer: [...plan.lines.descents, ...plan.lines.straights].some((l) => (l.style ?? l.cls).includes('carer')),
  });

  const height = routesBottom + 24 + legendH + MARGIN;
  svg.setAttribute('viewBox', `0 0 ${num(width)} ${num(height)}`);
  return svg;
}

function drawHome(layer, box, plan) {
  const g = el('g', { class: `kf-dg-home kf-dg-home--${box.kind}` }, layer);
  el('title', {}, g).textContent = box.address ? `${box.title}: ${box.address}` : box.title;
  el('rect', { class: 'kf-dg-home__box', x: box.x, y: plan.boxTop, width: box.w, height: plan.boxBottom - plan.boxTop, rx: 10 }, g);
  let y = plan.boxTop + BOX_PAD + 13;
  text(g, box.x + BOX_PAD, y, box.title, 'kf-dg-home__title', 'start');
  for (const [i, line] of box.addressLines.entries()) {
    y += i === 0 ? 17 : 15;
    text(g, box.x + BOX_PAD, y, line, 'kf-dg-home__address', 'start');
  }
}

function drawLinks(layer, plan) {
  const { lines } = plan;
  const laneY = (lane) => plan.laneY[lane.row](lane.index);
  for (const l of lines.partners) {
    path(layer, `M${num(l.a.x)} ${num(l.a.mid)}H${num(l.b.x)}`, l.ended ? 'kf-dg-line kf-dg-line--ended' : 'kf-dg-line kf-dg-line--partner');
  }
  for (const br of lines.brackets) {
    const y = laneY(br.lane);
    const cls = br.ended ? `${br.cls} kf-dg-line--ended` : br.cls;
    path(layer, `M${num(br.a.x)} ${num(br.a.top)}V${num(y)}H${num(br.b.x)}V${num(br.b.top)}`, cls);
  }
  for (const g of lines.descents) {
    const y = laneY(g.lane);
    let d = '';
    for (const a of g.anchors) {
      if (a.stub) {
        const sy = a.stub.parent.mid + (a.stub.low ? 12 : 0);
        d += `M${num(a.stub.parent.x)} ${num(sy)}H${num(a.x)}V${num(y)}`;
      } else {
        d += `M${num(a.x)} ${num(a.level.mid)}V${num(y)}`;
      }
    }
    d += `M${num(g.lane.x1)} ${num(y)}H${num(g.lane.x2)}`;
    for (const kid of g.kids) d += `M${num(kid.x)} ${num(y)}V${num(kid.top)}`;
    path(layer, d, g.style);
  }
  for (const s of lines.straights) {
    path(layer, `M${num(s.a.x)} ${num(s.a.mid)}L${num(s.b.x)} ${num(s.b.mid)}`, s.cls);
  }
}

function drawPerson(layer, p, model) {
  const classes = ['kf-dg-person', `kf-dg-person--${p.sex}`];
  if (p.isChild) classes.push('kf-dg-person--child');
  if (!p.nameKnown) classes.push('kf-dg-person--unnamed');
  const g = el('g', { class: classes.join(' ') }, layer);
  el('title', {}, g).textContent = personSummary(p, model);
  if (p.isChild) symbol(g, p.sex, p.x, p.mid, SYM / 2 + 5, 'kf-dg-symbol kf-dg-symbol--ring');
  symbol(g, p.sex, p.x, p.mid, SYM / 2, 'kf-dg-symbol');
  if (p.deceased) {
    const r = SYM / 2 - 4;
    path(g, `M${num(p.x - r)} ${num(p.mid - r)}L${num(p.x + r)} ${num(p.mid + r)}M${num(p.x + r)} ${num(p.mid - r)}L${num(p.x - r)} ${num(p.mid + r)}`, 'kf-dg-deceased');
  }
  let y = p.top + SYM + 9;
  for (const line of p.labels.name) {
    text(g, p.x, y + 12, line, 'kf-dg-name');
    y += 17;
  }
  text(g, p.x, y + 12, p.labels.age, 'kf-dg-age');
  y += 15;
  if (p.labels.role) {
    text(g, p.x, y + 12, p.labels.role, 'kf-dg-role');
    y += 15;
  }
  if (p.labels.badge) badge(g, p.x, y + 5, p.labels.badge);
}

/** Name (up to two lines), age, role and any care badge, cut to fit the cell. */
function personLabels(p) {
  const name = wrap(p.name, LABEL_W, NAME_PX, true, 2);
  let age = p.age || 'Age not known';
  if (p.deceased) age = `${age} (died)`;
  const labels = {
    name,
    age: truncate(age, LABEL_W, SMALL_PX, false),
    role: p.roles ? truncate(p.roles, LABEL_W, SMALL_PX, false) : '',
    badge: null,
  };
  if (p.care) {
    const c = p.care;
    const first = c.overnightAway ? 'Overnight' : SHORT_CARE[c.kind] ?? c.kind;
    labels.badge = {
      warm: c.overnightAway,
      lines: [truncate(first, LABEL_W - (c.overnightAway ? 32 : 14), SMALL_PX, true), ...(c.frequency ? wrap(c.frequency, LABEL_W - 14, SMALL_PX, false, 2) : [])],
    };
  }
  return labels;
}

function labelsHeight(labels) {
  return 9 + labels.name.length * 17 + 15 + (labels.role ? 15 : 0) + (labels.badge ? 7 + badgeHeight(labels.badge) : 0);
}

function badgeHeight(b) {
  return 8 + b.lines.length * 15;
}

/** A care badge under a person: warm with a moon for overnight care away from the main home. */
function badge(g, x, y, b) {
  const widths = b.lines.map((line, i) => textWidth(line, SMALL_PX, i === 0) + (i === 0 && b.warm ? 18 : 0));
  const w = Math.min(LABEL_W, Math.max(...widths) + 14);
  const h = badgeHeight(b);
  const group = el('g', { class: b.warm ? 'kf-dg-badge kf-dg-badge--overnight' : 'kf-dg-badge' }, g);
  el('rect', { class: 'kf-dg-badge__box', x: x - w / 2, y, width: w, height: h, rx: 4 }, group);
  b.lines.forEach((line, i) => {
    const by = y + 4 + 12 + i * 15;
    if (i === 0 && b.warm) {
      const tw = textWidth(line, SMALL_PX, true);
      moon(group, x - (tw + 18) / 2 + 6, by - 4, 6);
      text(group, x - (tw + 18) / 2 + 18, by, line, 'kf-dg-badge__text kf-dg-badge__text--strong', 'start');
    } else {
      text(group, x, by, line, i === 0 ? 'kf-dg-badge__text kf-dg-badge__text--strong' : 'kf-dg-badge__text');
    }
  });
}

function symbol(g, sex, x, y, r, cls) {
  if (sex === 'male') return el('rect', { class: cls, x: x - r, y: y - r, width: 2 * r, height: 2 * r, rx: 2 }, g);
  if (sex === 'female') return el('circle', { class: cls, cx: x, cy: y, r }, g);
  const d = r * 1.08;
  return path(g, `M${num(x)} ${num(y - d)}L${num(x + d)} ${num(y)}L${num(x)} ${num(y + d)}L${num(x - d)} ${num(y)}Z`, cls);
}

function moon(g, cx, cy, r) {
  const tipX = num(cx + r * 0.5);
  const d = `M${tipX} ${num(cy - r * 0.87)}A${r} ${r} 0 1 0 ${tipX} ${num(cy + r * 0.87)}A${r} ${r} 0 0 1 ${tipX} ${num(cy - r * 0.87)}Z`;
  return el('path', { class: 'kf-dg-moon', d }, g);
}

/** Arrows from the child (at the main home) to each home where they stay overnight. */
function overnightRoutes(model, plan) {
  const child = model.child;
  const boxOf = new Map(plan.boxes.map((b) => [b.key, b]));
  const routes = [];
  for (const c of model.care) {
    if (!c.overnightAway || !c.homeKey || c.homeKey === 'main' || !boxOf.has(c.homeKey)) continue;
    if (routes.some((r) => r.box.key === c.homeKey)) continue;
    const box = boxOf.get(c.homeKey);
    const endX = c.person && c.person.homeKey === c.homeKey ? c.person.x : box.x + box.w / 2;
    const label = `${firstName(child)} stays here overnight`;
    routes.push({ box, care: c, endX, pill: truncate(c.frequency ? `${label}: ${c.frequency}` : label, 320, SMALL_PX, true) });
  }
  // The nearest home gets the highest line, so that the lines never cross each other's labels.
  routes.sort((a, b) => Math.abs(a.endX - child.x) - Math.abs(b.endX - child.x));
  routes.forEach((r, i) => {
    r.startX = child.x + (i - (routes.length - 1) / 2) * 10;
    r.y = plan.boxBottom + ROUTE_BASE + i * ROUTE_STEP;
    r.top = plan.boxBottom;
  });
  routes.forEach((r, i) => {
    r.pillW = textWidth(r.pill, SMALL_PX, true) + 38;
    const blocked = routes.slice(i + 1).flatMap((o) => [o.startX, o.endX]);
    const lo = Math.min(r.startX, r.endX) + 14;
    const hi = Math.max(r.startX, r.endX) - 14;
    r.pillX = freeSpot(lo, hi, r.pillW, blocked) ?? Math.max(r.startX, r.endX) + 14;
    r.right = Math.max(r.pillX + r.pillW, r.endX);
  });
  return routes;
}

/** Where a label of this width fits between lo and hi without covering a blocked x, or null. */
function freeSpot(lo, hi, width, blocked) {
  const cuts = [lo - 8, ...blocked.filter((x) => x > lo && x < hi).sort((a, b) => a - b), hi + 8];
  let best = null;
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const from = cuts[i] + 8;
    const to = cuts[i + 1] - 8;
    if (to - from >= width && (best === null || to - from > best.to - best.from)) best = { from, to };
  }
  return best ? (best.from + best.to) / 2 - width / 2 : null;
}

function drawRoute(layer, r, model) {
  const g = el('g', { class: 'kf-dg-route' }, layer);
  el('title', {}, g).textContent = `${model.child.name} stays overnight away from the main home${r.care.person ? `, with ${r.care.person.name}` : ''}${r.care.frequency ? `: ${r.care.frequency}` : ''}`;
  const d = `M${num(r.startX)} ${num(r.top)}V${num(r.y)}H${num(r.endX)}V${num(r.top + 10)}`;
  path(g, d, 'kf-dg-route__glow');
  path(g, d, 'kf-dg-route__line');
  path(g, `M${num(r.endX)} ${num(r.top + 1)}l-7 11h14z`, 'kf-dg-route__head');
  const py = r.y - 11;
  el('rect', { class: 'kf-dg-route__pill', x: r.pillX, y: py, width: r.pillW, height: 22, rx: 11 }, g);
  moon(g, r.pillX + 17, py + 11, 6);
  text(g, r.pillX + 29, py + 15, r.pill, 'kf-dg-route__text', 'start');
}

/** The key to the symbols, laid out in as many lines as the width needs; returns its height. */
function legend(svg, top, width, used) {
  const g = el('g', { class: 'kf-dg-legend', 'aria-hidden': 'true' }, svg);
  const items = [
    ['male', 'Male'],
    ['female', 'Female'],
    used.unknownSex ? ['unknown', 'Other or not known'] : null,
    ['child', 'This child'],
    used.died ? ['died', 'Died'] : null,
    ['partner', 'Partners'],
    ['ended', 'Ended (dashed)'],
    used.carer ? ['carer', 'Step, adoptive or foster (dotted)'] : null,
    ['moon', 'Overnight care away from the main home'],
  ].filter(Boolean);
  text(g, MARGIN, top + 4, 'Key', 'kf-dg-legend__title', 'start');
  let x = MARGIN + 40;
  let y = top;
  for (const [kind, label] of items) {
    const w = 34 + textWidth(label, SMALL_PX, false) + 24;
    if (x + w > width - MARGIN) {
      x = MARGIN + 40;
      y += 28;
    }
    const cx = x + 12;
    if (kind === 'male' || kind === 'female' || kind === 'unknown') symbol(g, kind, cx, y, 9, 'kf-dg-symbol');
    else if (kind === 'child') {
      symbol(g, 'male', cx, y, 12, 'kf-dg-symbol kf-dg-symbol--ring');
      symbol(g, 'male', cx, y, 8, 'kf-dg-symbol');
    } else if (kind === 'died') {
      symbol(g, 'unknown', cx, y, 9, 'kf-dg-symbol');
      path(g, `M${num(cx - 6)} ${num(y - 6)}L${num(cx + 6)} ${num(y + 6)}M${num(cx + 6)} ${num(y - 6)}L${num(cx - 6)} ${num(y + 6)}`, 'kf-dg-deceased');
    } else if (kind === 'moon') {
      el('rect', { class: 'kf-dg-route__pill', x: cx - 11, y: y - 10, width: 22, height: 20, rx: 10 }, g);
      moon(g, cx, y, 6);
    } else {
      const cls = { partner: 'kf-dg-line', ended: 'kf-dg-line kf-dg-line--ended', carer: 'kf-dg-line kf-dg-line--carer' }[kind];
      path(g, `M${num(cx - 13)} ${num(y)}H${num(cx + 13)}`, cls);
    }
    text(g, x + 30, y + 4, label, 'kf-dg-legend__text', 'start');
    x += w;
  }
  return y - top + 14;
}

// ---------------------------------------------------------------------------------------------
// Words: the same picture described for screen readers, and each person's hover text.

function describe(model) {
  const child = model.child;
  const childName = child.nameKnown ? child.name : 'The child';
  const rank = (p) => (p.member ? p.rank : 1000 + p.order);
  const people = [...model.people.values()].filter((p) => !p.isChild).sort((a, b) => rank(a) - rank(b));
  const who = (p) => {
    const facts = [p.roles ? lowerFirst(p.roles) : '', p.deceased ? 'died' : ''].filter(Boolean);
    return `${p.name}${facts.length ? ` (${facts.join(', ')})` : ''}${careClause(p, model)}`;
  };
  const start = `${childName}${child.age ? ` (${child.age})` : ''} lives at the main home`;
  const atMain = people.filter((p) => p.homeKey === 'main');
  const sentences = [];
  if (!people.length) sentences.push(`${start}. Nobody else in the family is recorded yet.`);
  else if (!atMain.length) sentences.push(`${start}; nobody else is recorded there.`);
  else sentences.push(`${start} with ${joinList(atMain.map(who))}.`);
  const homes = [];
  for (const p of people) {
    if (p.homeKey === 'main') continue;
    let home = homes.find((h) => h.key === p.homeKey);
    if (!home) homes.push((home = { key: p.homeKey, people: [] }));
    home.people.push(p);
  }
  let others = 0;
  for (const h of homes) {
    let lead = 'Home not known';
    if (h.key !== 'unknown') lead = others++ === 0 ? 'Lives elsewhere' : 'In another home';
    if (h.key !== 'unknown' && h.people.length > 1) lead += ', together';
    sentences.push(`${lead}: ${joinList(h.people.map(who))}.`);
  }
  for (const c of model.care.filter((x) => x.overnightAway && !x.person)) {
    const by = c.carerName ? ` with ${c.carerName}` : '';
    sentences.push(`${upperFirst(firstName(child))} stays overnight away from the main home${by}${c.frequency ? `: ${c.frequency}` : ''}.`);
  }
  const seen = new Set();
  for (const l of model.links) {
    const pair = [l.from, l.to].sort().join('|');
    if (!PARTNER_KINDS.has(l.kind) || !l.ended || seen.has(pair)) continue;
    seen.add(pair);
    sentences.push(`${model.people.get(l.from).name} and ${model.people.get(l.to).name} are no longer together.`);
  }
  return sentences.join(' ');
}

function careClause(p, model) {
  if (!p.care) return '';
  const c = p.care;
  const when = c.frequency ? `: ${c.frequency}` : '';
  if (c.overnightAway) return `, who has ${firstName(model.child)} overnight away from the main home${when}`;
  return `, who looks after ${firstName(model.child)} (${lowerFirst(c.kind)})${when}`;
}

function personSummary(p, model) {
  const parts = [p.name, p.age || 'age not known'];
  if (p.deceased) parts.push('died');
  let s = parts.join(', ');
  if (p.roles) s += `. ${p.roles}`;
  const care = model.care.filter((c) => c.person === p);
  for (const c of care) {
    s += c.overnightAway ? `. Overnight care away from the main home` : `. ${c.kind}`;
    if (c.frequency) s += `: ${c.frequency}`;
  }
  return `${s}.`;
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

function fallback(id) {
  const svg = el('svg', { class: 'kf-diagram', role: 'img', width: '100%', viewBox: '0 0 600 40', 'aria-labelledby': `${id}-title` });
  el('title', { id: `${id}-title` }, svg).textContent = 'The family diagram could not be drawn';
  text(svg, 8, 24, 'The family diagram could not be drawn. The lists below show everyone recorded.', 'kf-dg-role', 'start');
  return svg;
}

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, typeof v === 'number' ? num(v) : String(v));
  }
  if (parent) parent.append(node);
  return node;
}

function text(parent, x, y, content, cls, anchor = 'middle') {
  const t = el('text', { class: cls, x, y, 'text-anchor': anchor }, parent);
  t.textContent = content;
  return t;
}

function path(parent, d, cls) {
  return el('path', { class: cls, d, fill: cls.includes('symbol') || cls.includes('head') ? undefined : 'none' }, parent);
}

function num(n) {
  return String(Math.round(n * 10) / 10);
}

function cleanText(value) {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

function sexOf(label) {
  const s = cleanText(label).toLowerCase();
  if (s === 'male') return 'male';
  if (s === 'female') return 'female';
  return 'unknown';
}

function yearsOld(age) {
  const m = /^(\d+)\s+years?\b/.exec(cleanText(age));
  return m ? Number(m[1]) : 0;
}

function firstName(p) {
  if (!p.nameKnown) return 'the child';
  return p.name.split(' ')[0] || p.name;
}

function upperFirst(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

function lowerFirst(s) {
  return s ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function joinList(items) {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')} and ${items[items.length - 1]}`;
}

// Arial's advance widths (thousandths of an em) for ASCII; anything else counts as wide.
const WIDTHS = (() => {
  const table = {};
  const set = (chars, w) => {
    for (const ch of chars) table[ch] = w;
  };
  set(' !,./:;I[\\]fijlt', 278);
  set('ijl', 222);
  set('"', 355);
  set("'", 191);
  set('()-`r', 333);
  set('*', 389);
  set('^', 469);
  set('Jckszvxy', 500);
  set('#$0123456789?Labdeghnopqu_', 556);
  set('+<=>~', 584);
  set('FTZ', 611);
  set('ABEKPSVXY&', 667);
  set('CDHNRUw', 722);
  set('GOQ', 778);
  set('Mm', 833);
  set('%', 889);
  set('W', 944);
  set('@', 1015);
  return table;
})();

function textWidth(s, px, bold) {
  let units = 0;
  for (const ch of s) units += WIDTHS[ch] ?? (ch === '…' ? 1000 : 620);
  return (units / 1000) * px * (bold ? 1.08 : 1) * 1.03;
}

function truncate(s, maxW, px, bold) {
  if (textWidth(s, px, bold) <= maxW) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(`${chars.join('').trimEnd()}…`, px, bold) > maxW) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * Splits text into at most maxLines lines no wider than maxW, ending with an ellipsis if it is
 * cut. With preferBreaks, lines break after commas first (for addresses). Returns the lines and
 * whether anything was cut.
 */
function wrapText(s, maxW, px, bold, maxLines, preferBreaks = false) {
  const words = preferBreaks ? s.split(/(?<=,)\s+/) : s.split(' ');
  const pieces = [];
  for (const w of words) {
    if (textWidth(w, px, bold) <= maxW) pieces.push(w);
    else if (preferBreaks) pieces.push(...w.split(' '));
    else pieces.push(...w.split(/(?<=-)/).map((part, i) => (i ? `\u0000${part}` : part)));
  }
  const lines = [];
  let current = '';
  for (const raw of pieces) {
    // A piece marked with \u0000 continues a hyphenated word: it joins without a space.
    const joined = raw.startsWith('\u0000');
    const piece = joined ? raw.slice(1) : raw;
    const candidate = current ? `${current}${joined ? '' : ' '}${piece}` : piece;
    if (!current || textWidth(candidate, px, bold) <= maxW) current = candidate;
    else {
      lines.push(current);
      current = piece;
    }
  }
  if (current) lines.push(current);
  let cut = lines.length > maxLines;
  const kept = lines.slice(0, maxLines);
  if (cut) kept[maxLines - 1] = `${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`;
  const out = kept.map((l) => {
    const t = truncate(l, maxW, px, bold);
    if (t !== l) cut = true;
    return t;
  });
  return { lines: out, cut };
}

function wrap(s, maxW, px, bold, maxLines) {
  return wrapText(s, maxW, px, bold, maxLines).lines;
}

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/i;

/** An address in two lines at most: when it is too long, the town goes before the postcode. */
function addressLines(address, maxW) {
  const full = wrapText(address, maxW, SMALL_PX, false, 2, true);
  if (!full.cut) return full.lines;
  const parts = address.split(/,\s*/);
  const postcode = parts[parts.length - 1];
  if (parts.length > 2 && POSTCODE.test(postcode)) {
    for (let k = parts.length - 2; k >= 1; k -= 1) {
      const short = wrapText([...parts.slice(0, k), postcode].join(', '), maxW, SMALL_PX, false, 2, true);
      if (!short.cut) return short.lines;
    }
  }
  return full.lines;
}
