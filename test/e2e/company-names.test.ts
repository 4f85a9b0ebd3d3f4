import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Baton, CONTACT, HOUR, SCENARIO_TIMEOUT, fieldValue, fileDraft, fileListing, removeTempFolders, tempFolder } from '../support/e2e.js';

/**
 * Company names a person might type: the packet path is a safe, readable slug, the file
 * lands inside the workspace, and nothing is written anywhere else.
 */

afterAll(removeTempFolders);

const T0 = Date.parse('2026-06-01T10:00:00.000Z');
const DATE = '2026-06-01';
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A token no other file in the temp dir has, to find anything written outside the folder. */
const TOKEN = `baton-escape-${randomBytes(6).toString('hex')}`;

interface NameCase {
  title: string;
  company: string;
  id: string;
  /** The slug SPEC §4 gives, or a check for it. */
  slug: string | ((slug: string) => void);
}

const LONG = 'Very Long Holdings International Consolidated Enterprises Group '.repeat(5).slice(0, 300);

const CASES: NameCase[] = [
  { title: 'accents and ™ are folded and dropped', company: 'Société Générale™ (EU)', id: 'socgen', slug: 'societe-generale-eu' },
  { title: 'symbols ™ ® & are dropped, not spelled out', company: 'Acme™ Cloud® & Co', id: 'acme', slug: 'acme-cloud-co' },
  { title: 'a / separates words, never folders', company: 'AC/DC Partners', id: 'acdc', slug: 'ac-dc-partners' },
  { title: `a path with .. cannot climb out of the workspace`, company: `../../../../../${TOKEN}`, id: 'climber', slug: TOKEN },
  { title: 'a name that is only .. uses the deal id', company: '..', id: 'dots-deal', slug: 'dots-deal' },
  { title: 'emoji are dropped', company: '🚀 Rocket Labs 🚀', id: 'rocket', slug: 'rocket-labs' },
  { title: 'a name of emoji only uses the deal id', company: '🚀🌟🎯', id: 'emoji-only', slug: 'emoji-only' },
  { title: 'a name of punctuation only uses the deal id', company: '!!! ??? --- ...', id: 'punct', slug: 'punct' },
  {
    title: 'a 300-character name gives a file name the file system accepts',
    company: LONG,
    id: 'long',
    slug: (slug) => {
      expect(slug.startsWith('very-long-holdings-international')).toBe(true);
      expect(Buffer.byteLength(`assessment-${slug}-${DATE}.md`), 'file name length in bytes').toBeLessThanOrEqual(255);
    },
  },
];

describe.concurrent('SOP-3b company names become safe packet paths inside the workspace', { timeout: SCENARIO_TIMEOUT }, () => {
  it.each(CASES)('SOP-3b $title', async ({ company, id, slug }) => {
    // The workspace is a folder inside the test's temp folder, so an escape would show.
    const outer = tempFolder();
    const root = path.join(outer, 'workspace');
    mkdirSync(root);
    const baton = new Baton(root);
    await baton.ok(['init'], T0 - HOUR);
    await baton.ok(['deal', 'add', id, '--company', company, ...CONTACT], T0 - HOUR);
    await baton.ok(['deal', 'commit', id, '--type', 'written'], T0 - HOUR);
    await baton.ok(['deal', 'stage', id, 'closed-won'], T0);
    const packetPath = await fileDraft(baton, id, T0 + HOUR);

    const m = /^operations\/handoffs\/assessment-(.+)-(\d{4}-\d{2}-\d{2})\.md$/.exec(packetPath);
    expect(m, `packet path "${packetPath}"`).not.toBeNull();
    const got = m![1]!;
    expect(m![2]).toBe(DATE);
    expect(got).toMatch(SLUG_RE);
    if (typeof slug === 'string') expect(got).toBe(slug);
    else slug(got);

    const absolute = path.join(root, packetPath);
    expect(existsSync(absolute)).toBe(true);
    expect(realpathSync(absolute).startsWith(realpathSync(root) + path.sep)).toBe(true);
    // The packet names the company as written.
    expect(fieldValue(baton.read(packetPath), 'Customer company')).toBe(company);

    // Nothing outside the workspace: the outer folder holds only it, and the temp dir has no stray file.
    expect(readdirSync(outer)).toEqual(['workspace']);
    expect(readdirSync(tmpdir()).filter((name) => name.includes(TOKEN))).toEqual([]);
    const files = fileListing(root).map((line) => line.split('  ')[0] ?? '');
    for (const file of files) {
      expect(file.startsWith('..') || path.isAbsolute(file), file).toBe(false);
      expect(
        /^(baton\.config\.yaml|baton\.db|operations\/|operations\/handoffs\/|operations\/handoffs\/[^/]+\.md|sessions\/|sessions\/[^/]+\/|sessions\/[^/]+\/[^/]+\.md)$/.test(file),
        `unexpected file ${file}`,
      ).toBe(true);
    }
  });

  it('SOP-4.3a a company name cannot mention @channel or inject a link in the announcement', async () => {
    const baton = new Baton(tempFolder());
    await baton.ok(['init'], T0 - HOUR);
    const company = 'Evil <!channel> & <https://evil.example|Click>';
    await baton.ok(['deal', 'add', 'evil', '--company', company, ...CONTACT], T0 - HOUR);
    await baton.ok(['deal', 'commit', 'evil', '--type', 'written'], T0 - HOUR);
    await baton.ok(['deal', 'stage', 'evil', 'closed-won'], T0);
    await fileDraft(baton, 'evil', T0 + HOUR);
    const post = (await baton.messages(T0 + HOUR)).find((m) => m.to === '#exec-checkins');
    expect(post?.text.split('\n')[0]).toBe('🟢 DEAL CLOSED — Evil &lt;!channel&gt; &amp; &lt;https://evil.example|Click&gt; — Assessment™ confirmed');
  });
});
