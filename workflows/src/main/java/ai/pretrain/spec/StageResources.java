package ai.pretrain.spec;

/** Where one stage's activities run: the task queue of the worker pool that polls it (a GPU class, say). */
public record StageResources(String taskQueue) {}
