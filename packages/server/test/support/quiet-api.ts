import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../../src/api/api-deps.js";
import { createApi } from "../../src/api/create-api.js";
import { silentLogger } from "../../src/domain/logger.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";

/** The real API on `deps.store`: logging nothing, waking no worker, in production mode unless told. */
export function createQuietApi(deps: Pick<ApiDeps, "store" | "clock"> & Partial<ApiDeps>): FastifyInstance {
  return createApi({
    secretBox: createSecretBox(generateMasterKey()),
    logger: silentLogger,
    onPublished: () => {},
    developmentMode: false,
    ...deps,
  });
}
