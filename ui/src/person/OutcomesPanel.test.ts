import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { Measure } from '../lib/generated/Measure';
import type { MeasureHistory } from '../lib/generated/MeasureHistory';
import OutcomesPanel from './OutcomesPanel.svelte';

const backend = vi.hoisted(() => ({ outcomesForPerson: vi.fn(), outcomeMeasures: vi.fn(), recordOutcome: vi.fn(), removeOutcome: vi.fn(), readDate: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const ons4: Measure = {
  key: 'ons4', name: 'ONS4 personal well-being', about: 'Four questions, each from 0 to 10.', source: 'Office for National Statistics, Open Government Licence.',
  builtIn: true, inUse: true,
  items: [
    { key: 'life_satisfaction', question: 'Overall, how satisfied are you with your life nowadays?', short: 'Life satisfaction', min: 0, max: 10, direction: 'higher_is_better' },
    { key: 'anxiety', question: 'Overall, how anxious did you feel yesterday?', short: 'Anxiety yesterday', min: 0, max: 10, direction: 'lower_is_better' },
  ],
};
const sitting = (id: number, takenOn: string, life: number | null, anxiety: number | null) => ({
  id, caseId: 3, measureKey: 'ons4', takenOn, note: '', agendaItemId: 12, recordedBy: 'Ade Sample', recordedAt: '2026-03-02T13:05:00Z',
  answers: [{ itemKey: 'life_satisfaction', value: life }, { itemKey: 'anxiety', value: anxiety }],
});
const history: MeasureHistory = {
  measure: ons4,
  sittings: [sitting(1, '2026-03-02', 4, 8), sitting(2, '2026-06-01', 7, null)],
  changes: [{ itemKey: 'life_satisfaction', short: 'Life satisfaction', first: 4, firstOn: '2026-03-02', latest: 7, latestOn: '2026-06-01', change: 3, better: true,
    words: 'Life satisfaction: 4 on 02/03/2026, 7 on 01/06/2026: up 3, better' }],
};

beforeEach(() => {
  vi.resetAllMocks();
  backend.outcomeMeasures.mockResolvedValue([ons4]);
  backend.readDate.mockResolvedValue({ iso: '2026-12-02', words: 'Wednesday 2 December 2026', daysFromToday: 0 });
});

describe('OutcomesPanel', () => {
  it('shows each sitting and the change in words, with an unanswered question said as such', async () => {
    backend.outcomesForPerson.mockResolvedValue([history]);
    render(OutcomesPanel, { props: { itemId: 12, caseId: 3, reference: 'AB-0101', readOnly: true } });
    expect((await screen.findByTestId('outcome-change')).textContent).toContain('Life satisfaction: 4 on 02/03/2026, 7 on 01/06/2026: up 3, better');
    const rows = screen.getAllByTestId('outcome-sitting').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([['2 Mar 2026', '4', '8'], ['1 Jun 2026', '7', 'not answered']]);
    expect(screen.queryByRole('button', { name: 'Record scores' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove the scores/ })).toBeNull();
  });

  it('records a sitting with a question left unanswered, and puts a refusal beside the answers', async () => {
    backend.outcomesForPerson.mockResolvedValue([]);
    render(OutcomesPanel, { props: { itemId: 12, caseId: 3, reference: 'AB-0101', readOnly: false } });
    expect((await screen.findByText(/No outcome scores recorded for AB-0101/)).textContent).toBeTruthy();
    await fireEvent.click(await screen.findByRole('button', { name: 'Record scores' }));
    await fireEvent.change(screen.getByLabelText(/how satisfied are you/), { target: { value: '11' } });
    backend.recordOutcome.mockRejectedValueOnce(new AppError({ code: 'invalid', field: 'answers', message: 'Life satisfaction: the answer is from 0 to 10; 11 is outside it.' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save the scores' }));
    expect((await screen.findByText(/11 is outside it/)).classList.contains('field-error')).toBe(true);
    await fireEvent.change(screen.getByLabelText(/how satisfied are you/), { target: { value: '6' } });
    backend.recordOutcome.mockResolvedValueOnce(sitting(3, '2026-12-02', 6, null));
    backend.outcomesForPerson.mockResolvedValue([{ measure: ons4, sittings: [sitting(3, '2026-12-02', 6, null)], changes: [] }]);
    await fireEvent.click(screen.getByRole('button', { name: 'Save the scores' }));
    await waitFor(() => expect(backend.recordOutcome).toHaveBeenLastCalledWith(3, {
      measureKey: 'ons4', takenOn: 'today', note: '', agendaItemId: 12,
      answers: [{ itemKey: 'life_satisfaction', value: 6 }, { itemKey: 'anxiety', value: null }],
    }));
    expect((await screen.findByText('One sitting so far: change shows from the second.')).textContent).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save the scores' })).toBeNull();
  });

  it('removes a sitting only with a reason', async () => {
    backend.outcomesForPerson.mockResolvedValue([history]);
    render(OutcomesPanel, { props: { itemId: 12, caseId: 3, reference: 'AB-0101', readOnly: false } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove the scores of 1 Jun 2026' }));
    backend.removeOutcome.mockRejectedValueOnce(new AppError({ code: 'invalid', field: 'reason', message: 'Say why these scores are removed.' }));
    const form = screen.getByRole('form', { name: 'Remove scores entered wrongly' });
    await fireEvent.click(within(form).getByRole('button', { name: 'Remove the scores' }));
    expect((await screen.findByText('Say why these scores are removed.')).classList.contains('field-error')).toBe(true);
    await fireEvent.input(screen.getByLabelText('Why are these scores removed?'), { target: { value: 'Wrong person' } });
    backend.removeOutcome.mockResolvedValueOnce(undefined);
    backend.outcomesForPerson.mockResolvedValue([{ ...history, sittings: [history.sittings[0]], changes: [] }]);
    await fireEvent.click(within(form).getByRole('button', { name: 'Remove the scores' }));
    await waitFor(() => expect(backend.removeOutcome).toHaveBeenLastCalledWith(2, 'Wrong person'));
    await waitFor(() => expect(screen.getAllByTestId('outcome-sitting')).toHaveLength(1));
  });
});
