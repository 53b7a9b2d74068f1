import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTarget } from '../../src/deploy/targets/create-target.js';
import { PublishError } from '../../src/deploy/targets/target.js';
import { tempDir } from '../helpers/temp-project.js';
import { triageArtifact } from './artifacts.js';

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('dir target', () => {
  it('writes <path>/<node>/<hash>.json and points current.json at it', async () => {
    const root = tempDir('ca-dir-');
    const target = createTarget({ type: 'dir', path: '.ca/releases/staging' }, root);
    const artifact = triageArtifact();
    const result = await target.publish({ env: 'staging', node: 'triage', artifact, root });

    const folder = path.join(root, '.ca/releases/staging/triage');
    expect(result.location).toBe(path.join(folder, `${artifact.hash}.json`));
    expect(readJson(result.location)).toEqual(artifact);
    expect(readJson(path.join(folder, 'current.json'))).toMatchObject({ node: 'triage', env: 'staging', hash: artifact.hash, artifact: `${artifact.hash}.json` });
    expect(target.describe()).toBe('dir .ca/releases/staging');
  });

  it('keeps every published artifact and replaces current.json whole, leaving no temp files', async () => {
    const root = tempDir('ca-dir-');
    const target = createTarget({ type: 'dir', path: 'releases' }, root);
    const first = triageArtifact('triage', 'body-1');
    const second = triageArtifact('triage', 'body-2');
    expect(second.hash).not.toBe(first.hash);
    const folder = path.join(root, 'releases/triage');

    await target.publish({ env: 'prod', node: 'triage', artifact: first, root });
    const pointerBefore = statSync(path.join(folder, 'current.json')).ino;
    await target.publish({ env: 'prod', node: 'triage', artifact: second, root });

    expect(readdirSync(folder).sort()).toEqual([`${first.hash}.json`, `${second.hash}.json`, 'current.json'].sort());
    expect(readJson(path.join(folder, 'current.json'))).toMatchObject({ hash: second.hash });
    // A rename puts a new file in place; an in-place rewrite would keep the inode (and could be read half-written).
    expect(statSync(path.join(folder, 'current.json')).ino).not.toBe(pointerBefore);
    expect(readJson(path.join(folder, `${first.hash}.json`))).toEqual(first);
  });

  it('keeps a node name that looks like a path inside the folder', async () => {
    const root = tempDir('ca-dir-');
    const target = createTarget({ type: 'dir', path: 'releases' }, root);
    const artifact = triageArtifact('../refunds/desk');
    const result = await target.publish({ env: 'prod', node: '../refunds/desk', artifact, root });
    expect(path.dirname(result.location)).toBe(path.join(root, 'releases', '..%2Frefunds%2Fdesk'));
    expect(existsSync(path.join(root, 'refunds'))).toBe(false);
  });

  it('an unwritable folder is a PublishError naming the path', async () => {
    const root = tempDir('ca-dir-');
    writeFileSync(path.join(root, 'releases'), 'a file where the folder should be');
    const target = createTarget({ type: 'dir', path: 'releases' }, root);
    const publishing = target.publish({ env: 'prod', node: 'triage', artifact: triageArtifact(), root });
    await expect(publishing).rejects.toBeInstanceOf(PublishError);
    await expect(publishing).rejects.toThrow(/cannot write releases\/triage\/[0-9a-f]{64}\.json: (ENOTDIR|EEXIST)/);
  });
});
