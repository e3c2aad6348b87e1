/**
 * The receiver of the by-hand measurements, in a process of its own so that the measuring process's
 * CPU is the sender's alone: plain node:http on 127.0.0.1, 200 "ok" once the body is read, keep-alive.
 * It tells its parent its port, and ends when the parent does (even by a crash).
 */
import { createServer } from "node:http";

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  request.resume();
  request.on("end", () => response.writeHead(200, { "Content-Type": "text/plain" }).end("ok"));
});
process.once("disconnect", () => process.exit(0));
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.(typeof address === "object" && address !== null ? address.port : 0);
});
