/** What the checkpoint thread is started with. */
export interface CheckpointThreadData {
  /** The store's database file (already in WAL mode). */
  readonly file: string;
  readonly intervalMs: number;
}

/** What the checkpoint thread tells the service. */
export type CheckpointThreadMessage =
  /** Its connection is open: the service may stop checkpointing on its own. */
  | { readonly type: "ready"; readonly pageSize: number }
  /** One PASSIVE checkpoint: the WAL's frames, those now copied into the file, and whether it was busy. */
  | {
      readonly type: "checkpoint";
      readonly busy: boolean;
      readonly walFrames: number;
      readonly checkpointedFrames: number;
    };
