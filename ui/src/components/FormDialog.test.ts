import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Submission } from '../lib/forms.svelte';
import FormDialog from './FormDialog.svelte';

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};

// The fields a dialog would hold: one labelled text box whose id is the prefix and the core's field name.
const fields = createRawSnippet(() => ({
  render: () => '<div><label for="x-title">Title</label><input id="x-title" /></div>',
}));

function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

let submission: Submission;
beforeEach(() => {
  submission = new Submission();
});

function open(props: Record<string, unknown> = {}) {
  const onsaved = vi.fn();
  const onclose = vi.fn();
  const save = vi.fn(async () => ({ id: 7 }));
  render(FormDialog, {
    title: 'Add another item',
    submission,
    save,
    onsaved,
    onclose,
    submitLabel: 'Add item',
    fieldIdPrefix: 'x-',
    children: fields,
    ...props,
  });
  return { onsaved, onclose, save };
}

describe('FormDialog', () => {
  it('shows the title and the fields, saves on submit and hands on what was saved', async () => {
    const { onsaved, onclose, save } = open();
    expect(screen.getByRole('dialog', { name: 'Add another item' })).toBeTruthy();
    expect(screen.getByLabelText('Title')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith({ id: 7 }));
    expect(save).toHaveBeenCalledTimes(1);
    expect(onclose).not.toHaveBeenCalled();
  });

  it('submits with Enter in a field, as a keyboard user does', async () => {
    const { onsaved } = open();
    const box = screen.getByLabelText('Title');
    await fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
  });

  it('says it is working and takes no second press while saving', async () => {
    const answer = later<{ id: number }>();
    const save = vi.fn(() => answer.promise);
    const { onsaved } = open({ save, savingLabel: 'Preparing the PDF…' });
    await fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    const busy = (await screen.findByRole('button', { name: 'Preparing the PDF…' })) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    await fireEvent.click(busy);
    answer.resolve({ id: 8 });
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith({ id: 8 }));
    expect(save).toHaveBeenCalledTimes(1);
    expect((screen.getByRole('button', { name: 'Add item' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps the dialog and what was typed when the core refuses, with the reason just above the buttons', async () => {
    const save = vi.fn().mockRejectedValueOnce({ code: 'conflict', message: 'The minutes are finalised.' }).mockResolvedValueOnce({ id: 9 });
    const { onsaved } = open({ save });
    const box = screen.getByLabelText('Title') as HTMLInputElement;
    await fireEvent.input(box, { target: { value: 'Service updates' } });
    expect(screen.queryByRole('alert')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Not saved. The minutes are finalised.');
    expect(onsaved).not.toHaveBeenCalled();
    expect(box.value).toBe('Service updates');
    const buttons = screen.getByRole('button', { name: 'Cancel' }).parentElement!;
    expect(box.compareDocumentPosition(alert) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(alert.compareDocumentPosition(buttons) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Tried again, it saves and the reason goes.
    await fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith({ id: 9 }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts the words of an error about a field beside that field and the cursor in it, not above the buttons', async () => {
    const save = vi.fn().mockRejectedValue({ code: 'invalid', field: 'title', message: 'Give the item a title.' });
    const { onsaved } = open({ save, failed: '' });
    await fireEvent.click(screen.getByRole('button', { name: 'Add item' }));
    await waitFor(() => expect(document.activeElement?.id).toBe('x-title'));
    expect(submission.fieldError('title')).toBe('Give the item a title.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onsaved).not.toHaveBeenCalled();
  });

  it('closes without saving on Cancel, and offers only Cancel when there is nothing to submit', async () => {
    const { onclose, save } = open({ cancelLabel: 'Go back', canSubmit: false });
    expect(screen.queryByRole('button', { name: 'Add item' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Go back' }));
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(save).not.toHaveBeenCalled();
  });

  it('closes on Escape, as a native dialog does', async () => {
    const { onclose } = open();
    await fireEvent(screen.getByRole('dialog'), new Event('cancel'));
    expect(onclose).toHaveBeenCalledTimes(1);
  });
});
