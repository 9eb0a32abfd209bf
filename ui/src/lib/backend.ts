// The only module that talks to the Tauri backend. Components import from here, never from
// @tauri-apps/api, so they can be tested (and later served) without a desktop around them.
import { invoke } from '@tauri-apps/api/core';
import { toAppError } from './errors';
import type { DatabaseStatus } from './generated/DatabaseStatus';
import type { MemberInput } from './generated/MemberInput';
import type { Role } from './generated/Role';
import type { TeamMember } from './generated/TeamMember';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}

export const backend = {
  appStatus: () => call<DatabaseStatus>('app_status'),
  listRoles: () => call<Role[]>('list_roles'),
  listMembers: () => call<TeamMember[]>('list_members'),
  createMember: (input: MemberInput) => call<TeamMember>('create_member', { input }),
  updateMember: (id: number, input: MemberInput) => call<TeamMember>('update_member', { id, input }),
  removeMember: (id: number) => call<void>('remove_member', { id }),
};

export type Backend = typeof backend;
