import type { InputOf, OutputOf } from '../shared/operations/index.js';
import type { IlotClient } from './client.js';

// Partitions, delegates, O accounts' quotas and switches between O and A, as the treasurer's and
// delegates' console use them. The server keeps the sums (accounts ≤ partition ≤ space − A share)
// and answers QUOTAS_EXCEED_PARTITION or QUOTAS_EXCEED_SPACE for a change that would break them.

export type PartitionOverview = OutputOf<'partition.overview'>;
export type Partition = PartitionOverview['partitions'][number];
export type ShareQuotas = Partition['quotas'];
export type PartitionAccount = OutputOf<'partition.accounts'>['accounts'][number];
export type SpaceOptions = OutputOf<'space.setOptions'>;

/** What is left to give in a partition (its quotas less its accounts'), never below zero. */
export function partitionRoom(partition: Partition): ShareQuotas {
  return {
    documents: Math.max(0, partition.quotas.documents - partition.allocated.documents),
    volumeBytes: Math.max(0, partition.quotas.volumeBytes - partition.allocated.volumeBytes),
  };
}

/** The partitions this member may see (all for the treasurer, their own for a delegate) and, for the treasurer, the space's shares. */
export function partitionOverview(client: IlotClient): Promise<PartitionOverview> {
  return client.call('partition.overview', {});
}

export function partitionAccounts(client: IlotClient, partitionId: string): Promise<OutputOf<'partition.accounts'>> {
  return client.call('partition.accounts', { partitionId });
}

export function createPartition(client: IlotClient, name: string, quotas: ShareQuotas): Promise<Partition> {
  return client.call('partition.create', { name, quotas });
}

export function renamePartition(client: IlotClient, partitionId: string, name: string): Promise<Partition> {
  return client.call('partition.rename', { partitionId, name });
}

/** Archives a partition (no new account, delegate or quota rise) or brings it back. */
export function setPartitionArchived(client: IlotClient, partitionId: string, archived: boolean): Promise<Partition> {
  return client.call('partition.setArchived', { partitionId, archived });
}

export function setPartitionQuotas(client: IlotClient, partitionId: string, quotas: ShareQuotas): Promise<Partition> {
  return client.call('partition.setQuotas', { partitionId, quotas });
}

/** Reserves a share of the space's quotas for A accounts. */
export function setAShare(client: IlotClient, quotas: ShareQuotas): Promise<OutputOf<'partition.setAShare'>> {
  return client.call('partition.setAShare', { quotas });
}

/** Sets the space's options it names (A accounts accepted, consent to switch O→A, lifetime); answers them all. */
export function setSpaceOptions(client: IlotClient, options: InputOf<'space.setOptions'>): Promise<SpaceOptions> {
  return client.call('space.setOptions', options);
}

/** Names an O account of the partition its delegate (true) or removes it (false). */
export function setDelegate(client: IlotClient, input: InputOf<'partition.setDelegate'>): Promise<OutputOf<'partition.setDelegate'>> {
  return client.call('partition.setDelegate', input);
}

/** Sets the quotas of an O account of a partition (treasurer, or a delegate of that partition). */
export function setAccountQuotas(client: IlotClient, input: InputOf<'account.setQuotas'>): Promise<OutputOf<'account.setQuotas'>> {
  return client.call('account.setQuotas', input);
}

/** The signed-in account agrees to switch: an O account consents to become A, an A account asks to become O. */
export function agreeToSwitch(client: IlotClient): Promise<OutputOf<'account.agreeToSwitch'>> {
  return client.call('account.agreeToSwitch', {});
}

export function switchToA(client: IlotClient, partitionId: string, accountId: string): Promise<OutputOf<'account.switchToA'>> {
  return client.call('account.switchToA', { partitionId, accountId });
}

export function switchToO(client: IlotClient, input: InputOf<'account.switchToO'>): Promise<OutputOf<'account.switchToO'>> {
  return client.call('account.switchToO', input);
}
