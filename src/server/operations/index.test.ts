import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/operations/index.js';
import { uploadFile } from './files/upload.js';
import { downloadFile } from './files/download.js';
import { exportSpaceAudit } from './audit/export.js';
import { exportStatistics } from './reporting/statistics.js';
import { operations } from './index.js';
import { isPermissionKey } from '../../domain/permissions.js';

// The SDK is typed from the contracts: each must be what exactly one served operation declares.
describe('operation registry', () => {
  const served = [...operations, uploadFile, downloadFile, exportSpaceAudit, exportStatistics];

  it('has one operation per contract, declared from the contract itself', () => {
    const byName = new Map(served.map((operation) => [operation.name, operation]));
    expect(byName.size).toBe(served.length);
    for (const contract of contracts) {
      const operation = byName.get(contract.name);
      expect(operation, contract.name).toBeDefined();
      expect(operation!.input, contract.name).toBe(contract.input);
      expect(operation!.output, contract.name).toBe(contract.output);
    }
  });

  it('has a contract for every operation', () => {
    const names = new Set(contracts.map((contract) => contract.name));
    expect(served.map((operation) => operation.name).filter((name) => !names.has(name))).toEqual([]);
  });

  it('names only permission keys of domain/permissions.ts', () => {
    const treasurer = { kind: 'member', roles: ['treasurer'], accountKind: null, partitionId: '10400000000000001' } as never;
    const asked = served.flatMap((operation) => {
      const { access } = operation;
      if (access.plane === 'admin') return [access.permission];
      // Every shape of input that asks for permissions: each kind of account, delegate or not.
      if (access.plane === 'member' && access.requires)
        return ['O', 'A'].flatMap((kind) =>
          [true, false].flatMap((delegate) =>
            access.requires!({ kind, delegate, partitionId: null } as never, treasurer).map((r) => r.permission),
          ),
        );
      return [];
    });
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((key) => !isPermissionKey(key))).toEqual([]);
  });
});
