/**
 * The bare endpoint of `npm run bench:api`: express + better-sqlite3 and nothing else, serving one
 * stored response body at GET /body/:id (a prepared SELECT per request, as a real endpoint reads
 * its row). Run as its own process by api.bench.ts, which sends it the body over IPC and reads the
 * port from its reply, so it does not share a thread with the load generator.
 */
import Database from 'better-sqlite3';
import express from 'express';
import type { AddressInfo } from 'node:net';

const db = new Database(':memory:');
db.exec('CREATE TABLE bodies (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
const insert = db.prepare('INSERT OR REPLACE INTO bodies (id, body) VALUES (?, ?)');
const select = db.prepare('SELECT body FROM bodies WHERE id = ?');

const app = express();
app.get('/body/:id', (req, res) => {
  const row = select.get(req.params.id) as { body: string } | undefined;
  if (row === undefined) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.type('application/json').send(row.body);
});

process.on('message', (message: { id: string; body: string }) => {
  insert.run(message.id, message.body);
  const server = app.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
});
process.on('disconnect', () => process.exit(0));
