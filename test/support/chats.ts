import type { IlotClient } from '../../src/client/client.js';
import { readChats, type Chat } from '../../src/client/chats.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { catchUp } from '../../src/client/notes.js';
import type { TestServer } from './server.js';

/** The chats a member's sessions see once caught up, from a fresh local store. */
export async function chatsOf(client: IlotClient): Promise<Chat[]> {
  const store = new MemoryStore();
  await catchUp(client, store);
  return readChats(client, store);
}

/** The texts of a chat's items as one side sees them, oldest first. */
export const textsOf = (chat: Chat | undefined) => chat?.items.map((i) => i.text) ?? [];

/** What the database holds of chats, for checking that a refusal wrote nothing. */
export async function chatTables(server: TestServer) {
  const db = server.store.db;
  return {
    chats: await db.selectFrom('chats').selectAll().orderBy('id').execute(),
    sides: await db.selectFrom('chat_sides').selectAll().orderBy('avatar_id').orderBy('other_id').execute(),
    items: await db.selectFrom('chat_items').selectAll().orderBy('chat_id').orderBy('seq').execute(),
    versions: await db.selectFrom('subtree_versions').selectAll().orderBy('subtree').execute(),
  };
}
