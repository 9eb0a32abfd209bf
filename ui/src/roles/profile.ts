// The role profile form: lists are edited one item per line, and the core's errors (which name
// the field as the TOML file spells it, e.g. `referral.when[2]`) are placed beside the right box.
import type { AppError } from '../lib/errors';
import type { RoleProfile } from '../lib/generated/RoleProfile';

/** The profile's list fields, as the core names them, with the label the form shows. */
export const listFields = [
  ['interventions', 'Typical work'],
  ['leads', 'When they lead'],
  ['examples', 'Examples of when they lead (optional)'],
  ['boundaries', 'What they do not do'],
  ['settings', 'Where they work'],
  ['shared', 'Approaches shared with other roles'],
  ['referral.when', 'Refer when'],
] as const;

export type ListField = (typeof listFields)[number][0];

/** The texts of the form, lists as one item per line. */
export type ProfileForm = {
  summary: string;
  regulation: string;
  accountability: string;
  approach: string;
  focus: string;
  risk: string;
  route: string;
  feedback: string;
  criteria: string;
  contact: string;
  waiting: string;
  lists: Record<ListField, string>;
  escalation: { concern: string; route: string }[];
};

function listOf(profile: RoleProfile, field: ListField): string[] {
  return field === 'referral.when' ? profile.referral.when : profile[field];
}

export function toForm(p: RoleProfile): ProfileForm {
  const lists = Object.fromEntries(listFields.map(([field]) => [field, listOf(p, field).join('\n')])) as Record<ListField, string>;
  return {
    summary: p.summary,
    regulation: p.regulation,
    accountability: p.accountability,
    approach: p.approach,
    focus: p.focus,
    risk: p.risk,
    route: p.referral.route,
    feedback: p.referral.feedback,
    criteria: p.local.criteria,
    contact: p.local.contact,
    waiting: p.local.waiting,
    lists,
    escalation: p.escalation.map((e) => ({ ...e })),
  };
}

/** One item per non-blank line. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function fromForm(base: RoleProfile, f: ProfileForm): RoleProfile {
  return {
    key: base.key,
    name: base.name,
    summary: f.summary,
    regulation: f.regulation,
    accountability: f.accountability,
    approach: f.approach,
    focus: f.focus,
    interventions: lines(f.lists.interventions),
    risk: f.risk,
    boundaries: lines(f.lists.boundaries),
    settings: lines(f.lists.settings),
    leads: lines(f.lists.leads),
    examples: lines(f.lists.examples),
    shared: lines(f.lists.shared),
    referral: { when: lines(f.lists['referral.when']), route: f.route, feedback: f.feedback },
    escalation: f.escalation.filter((e) => e.concern.trim() || e.route.trim()),
    local: { criteria: f.criteria, contact: f.contact, waiting: f.waiting },
  };
}

/**
 * Where a profile error belongs on the form and what to say there. `escalation[2].route` goes
 * beside the second escalation row; `referral.when[3]` beside the "Refer when" box, naming line 3.
 */
export function placeError(error: Pick<AppError, 'field' | 'message'>): { box: string; message: string } | null {
  if (!error.field) return null;
  // The core's message is "<file>: `<field>` <what is wrong>"; the box already says which field.
  const what = error.message.replace(/^.*?`[^`]*`\s*/, '');
  const sentence = `This ${what}`;
  const escalation = /^escalation\[(\d+)\]\.(concern|route)$/.exec(error.field);
  if (escalation) {
    return { box: `escalation-${Number(escalation[1]) - 1}-${escalation[2]}`, message: sentence };
  }
  const item = /^(.*)\[(\d+)\]$/.exec(error.field);
  if (item) return { box: item[1], message: `Line ${item[2]} ${what}` };
  return { box: error.field, message: sentence };
}

/** A role's name mid-sentence: "Occupational therapist" → "occupational therapist", "GP" stays. */
export function inSentence(name: string): string {
  return name.length > 1 && name[1] === name[1].toLowerCase() && name[1] !== name[1].toUpperCase()
    ? name[0].toLowerCase() + name.slice(1)
    : name;
}

/** The form control for a box: ids have no dots, so they work as CSS selectors. */
export function boxId(box: string): string {
  return `profile-${box.replace(/\./g, '-')}`;
}
