/**
 * Runs the uploads service. Its configuration is the pod's environment: the Secrets that
 * `uploads.bindTo(namespace)` and `uploadsDb.bindTo(namespace)` create, loaded with `envFrom`, plus
 * PORT (default 8080) and HOST (default 0.0.0.0).
 */
import { createApp } from "./app";

async function main(): Promise<void> {
  const app = await createApp(process.env);
  const port = Number(process.env["PORT"] ?? "8080");
  const host = process.env["HOST"] ?? "0.0.0.0";
  app.server.listen(port, host, () => {
    const address = app.server.address();
    const bound = typeof address === "object" && address !== null ? address.port : port;
    process.stdout.write(
      `uploads-service listening on ${host}:${bound} (storage: ${app.storage.protocol})\n`,
    );
  });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
