/**
 * The uploads service: files go to the `uploads` bucket, one row per file to the `uploads-db`
 * database. It reads both bindings with @wissel/runtime and nothing else, so it runs unchanged on
 * every storage protocol a stack file picks.
 *
 *   POST   /uploads?name=<file>   body = the file; 201 {id, name, size, contentType}
 *   GET    /uploads               200 [{id, name, size, contentType}]
 *   GET    /uploads/<id>          200 the file, streamed from the bucket
 *   GET    /uploads/<id>/link     200 {url}: a presigned GET URL, valid 5 minutes
 *   POST   /uploads/direct?name=  201 {id, url}: a presigned PUT URL for the client to upload to
 *   DELETE /uploads/<id>          204
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Pool } from "pg";
import { openStorage, postgresOptions, type Env, type ObjectStorage } from "@wissel/runtime";

export const BUCKET_BLOCK = "uploads";
export const DATABASE_BLOCK = "uploads-db";
const LINK_SECONDS = 300;

interface Row {
  id: string;
  name: string;
  size: number;
  content_type: string;
}

export interface App {
  readonly server: Server;
  readonly storage: ObjectStorage;
  close(): Promise<void>;
}

/** Opens the bucket and the database named by the environment contract, and makes the server. */
export async function createApp(env: Env = process.env): Promise<App> {
  const storage = openStorage(BUCKET_BLOCK, { env });
  const pool = new Pool({ ...postgresOptions(DATABASE_BLOCK, { env }), max: 4 });
  await pool.query(
    "CREATE TABLE IF NOT EXISTS uploads (id uuid PRIMARY KEY, name text NOT NULL, size bigint NOT NULL DEFAULT 0, content_type text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
  );
  const key = (id: string) => `uploads/${id}`;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const find = async (id: string): Promise<Row | undefined> =>
    /^[0-9a-f-]{36}$/.test(id)
      ? (
          await pool.query<Row>("SELECT id, name, size, content_type FROM uploads WHERE id = $1", [
            id,
          ])
        ).rows[0]
      : undefined;
  const view = (r: Row) => ({
    id: r.id,
    name: r.name,
    size: Number(r.size),
    contentType: r.content_type,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://service");
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] !== "uploads") return json(res, 404, { error: "not found" });
    const name = url.searchParams.get("name") ?? "unnamed";
    const contentType = req.headers["content-type"] ?? "application/octet-stream";
    if (req.method === "POST" && parts.length === 1) {
      const id = randomUUID();
      const length = Number(req.headers["content-length"]);
      await storage.put(key(id), req, {
        contentType,
        ...(Number.isInteger(length) ? { contentLength: length } : {}),
      });
      const size = (await storage.head(key(id)))?.size ?? 0;
      const row = (
        await pool.query<Row>(
          "INSERT INTO uploads (id, name, size, content_type) VALUES ($1, $2, $3, $4) RETURNING id, name, size, content_type",
          [id, name, size, contentType],
        )
      ).rows[0]!;
      return json(res, 201, view(row));
    }
    if (req.method === "POST" && parts[1] === "direct" && parts.length === 2) {
      const id = randomUUID();
      await pool.query("INSERT INTO uploads (id, name, content_type) VALUES ($1, $2, $3)", [
        id,
        name,
        contentType,
      ]);
      return json(res, 201, {
        id,
        url: await storage.presignPut(key(id), { expiresInSeconds: LINK_SECONDS }),
      });
    }
    if (req.method === "GET" && parts.length === 1) {
      const rows = (
        await pool.query<Row>(
          "SELECT id, name, size, content_type FROM uploads ORDER BY created_at, id",
        )
      ).rows;
      return json(res, 200, rows.map(view));
    }
    const row = parts[1] !== undefined ? await find(parts[1]) : undefined;
    if (row === undefined) return json(res, 404, { error: "no such upload" });
    if (req.method === "GET" && parts.length === 2) {
      const object = await storage.get(key(row.id));
      res.writeHead(200, {
        "content-type": row.content_type,
        "content-length": String(object.size),
      });
      object.body.pipe(res);
      return;
    }
    if (req.method === "GET" && parts[2] === "link")
      return json(res, 200, {
        url: await storage.presignGet(key(row.id), { expiresInSeconds: LINK_SECONDS }),
      });
    if (req.method === "DELETE" && parts.length === 2) {
      await storage.delete(key(row.id));
      await pool.query("DELETE FROM uploads WHERE id = $1", [row.id]);
      res.writeHead(204).end();
      return;
    }
    return json(res, 405, { error: "method not allowed" });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The message names the failed operation, never a credential (the SDKs do not echo keys).
      if (!res.headersSent) json(res, 500, { error: (error as Error).message });
      else res.destroy();
    });
  });
  return {
    server,
    storage,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
