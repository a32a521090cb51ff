/**
 * Every host fake, for `npm run fakes` and for tests that want them all.
 * Each entry builds a fresh fake with the test credentials documented next
 * to it, so a person trying the fakes by hand knows what to type.
 */
import type { FakeHost } from '../fakeHost';
import { createImagebamFake } from './imagebamFake';
import { createImxFake } from './imxFake';
import { createPixhostFake } from './pixhostFake';
import { createTurboFake } from './turboFake';
import { createVbulletinFake } from './vbulletinFake';
import { createViprFake } from './viprFake';

export interface FakeEntry {
  /** Plugin id the fake imitates. */
  readonly id: string;
  /** What to enter in the host's settings to use the fake, for people. */
  readonly credentials: string;
  create(): FakeHost;
}

export const TEST_CREDENTIALS = {
  imxApiKey: 'imx-test-key',
  turboUser: 'turbo-user',
  turboPassword: 'turbo-pass',
  turboAlbum: '384037',
  viprUser: 'vipr-user',
  viprPassword: 'vipr-pass',
  imagebamEmail: 'imagebam-user@example.org',
  imagebamPassword: 'imagebam-pass',
  forumUser: 'forum-user',
  forumPassword: 'forum-pass',
  forumThread: '12345',
} as const;

export const fakeEntries: FakeEntry[] = [
  { id: 'imx.to', credentials: `API key: ${TEST_CREDENTIALS.imxApiKey}`, create: () => createImxFake({ apiKey: TEST_CREDENTIALS.imxApiKey }) },
  { id: 'pixhost.to', credentials: 'none needed', create: () => createPixhostFake() },
  {
    id: 'turboimagehost.com',
    credentials: `anonymous, or username ${TEST_CREDENTIALS.turboUser} / password ${TEST_CREDENTIALS.turboPassword} (gallery id ${TEST_CREDENTIALS.turboAlbum})`,
    create: () =>
      createTurboFake({
        users: { [TEST_CREDENTIALS.turboUser]: { password: TEST_CREDENTIALS.turboPassword, albums: { [TEST_CREDENTIALS.turboAlbum]: 'My_Gallery' } } },
      }),
  },
  {
    id: 'vipr.im',
    credentials: `username ${TEST_CREDENTIALS.viprUser} / password ${TEST_CREDENTIALS.viprPassword} (one gallery, "Holidays")`,
    create: () => createViprFake({ users: { [TEST_CREDENTIALS.viprUser]: { password: TEST_CREDENTIALS.viprPassword, folders: { '104001': 'Holidays' } } } }),
  },
  {
    id: 'imagebam.com',
    credentials: `anonymous, or e-mail ${TEST_CREDENTIALS.imagebamEmail} / password ${TEST_CREDENTIALS.imagebamPassword} (one gallery, "Old trip")`,
    create: () => createImagebamFake({ users: { [TEST_CREDENTIALS.imagebamEmail]: { password: TEST_CREDENTIALS.imagebamPassword, galleries: { '7300042': 'Old trip' } } } }),
  },
  {
    id: 'vipergirls.to',
    credentials: `forum: username ${TEST_CREDENTIALS.forumUser} / password ${TEST_CREDENTIALS.forumPassword}; post to thread ${TEST_CREDENTIALS.forumThread}`,
    create: () =>
      createVbulletinFake({ users: { [TEST_CREDENTIALS.forumUser]: TEST_CREDENTIALS.forumPassword }, threads: { [TEST_CREDENTIALS.forumThread]: { title: 'Test thread' } }, floodSeconds: 10 }),
  },
];
