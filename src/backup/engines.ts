import type { Engine } from '../store/database.js';
import type { DatabaseCopy } from './database-copy.js';
import { postgresCopy } from './postgres.js';
import { sqliteCopy } from './sqlite.js';

const copies: Record<Engine, DatabaseCopy> = { sqlite: sqliteCopy, postgres: postgresCopy };

export const databaseCopy = (engine: Engine): DatabaseCopy => copies[engine];
