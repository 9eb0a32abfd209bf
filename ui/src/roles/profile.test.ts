import { describe, expect, it } from 'vitest';
import type { RoleProfile } from '../lib/generated/RoleProfile';
import { boxId, fromForm, inSentence, lines, placeError, toForm } from './profile';

const profile: RoleProfile = {
  key: 'ot', name: 'Occupational therapist', summary: 'Helps.', regulation: 'HCPC.', accountability: 'HCPC standards.',
  approach: 'Looks.', focus: 'Daily life.', interventions: ['Home visits', 'Equipment'], risk: 'Falls.',
  boundaries: ['No medicines'], settings: ['Practice'], leads: ['Functional need'], examples: [], shared: ['Goals'],
  referral: { when: ['Falls'], route: 'Refer.', feedback: 'A letter.' }, escalation: [{ concern: 'Abuse', route: 'Safeguarding lead' }],
  local: { criteria: '', contact: '', waiting: '' },
};

describe('the role profile form', () => {
  it('edits lists one item per line and gives back the same profile', () => {
    const form = toForm(profile);
    expect(form.lists.interventions).toBe('Home visits\nEquipment');
    expect(fromForm(profile, form)).toEqual(profile);
    form.lists['referral.when'] = 'Falls\n\n  Unsafe home  \n';
    form.contact = 'Duty line 0113 496 0000';
    form.feedback = 'Findings within a week.';
    form.escalation.push({ concern: ' ', route: '' });
    const edited = fromForm(profile, form);
    expect(edited.referral.when).toEqual(['Falls', 'Unsafe home']);
    expect(edited.local.contact).toBe('Duty line 0113 496 0000');
    expect(edited.referral.feedback).toBe('Findings within a week.');
    expect(edited.escalation).toHaveLength(1);
    expect(lines(' a \n\n b')).toEqual(['a', 'b']);
  });

  it('places the core’s error beside the box it is about, in plain words', () => {
    const file = 'ot.toml (team edit)';
    expect(placeError({ field: 'focus', message: `${file}: \`focus\` is missing or empty; fill it in.` })).toEqual({
      box: 'focus', message: 'This is missing or empty; fill it in.',
    });
    expect(placeError({ field: 'referral.when[3]', message: `${file}: \`referral.when[3]\` is too long (301 characters): keep it under 300.` }))
      .toEqual({ box: 'referral.when', message: 'Line 3 is too long (301 characters): keep it under 300.' });
    expect(placeError({ field: 'escalation[2].route', message: `${file}: \`escalation[2].route\` is missing or empty; fill it in.` }))
      .toEqual({ box: 'escalation-1-route', message: 'This is missing or empty; fill it in.' });
    expect(placeError({ message: 'The database is busy.' })).toBeNull();
    expect(boxId('referral.when')).toBe('profile-referral-when');
  });

  it('writes role names as they read mid-sentence', () => {
    expect(inSentence('Occupational therapist')).toBe('occupational therapist');
    expect(inSentence('GP')).toBe('GP');
  });
});
