package io.leadscore.training;

/** What a training run needs beyond settings: label horizon, batch date, and the config to record (no secrets). */
public record TrainSpec(TrainingSettings settings, int horizonDays, String batchDate, String configText) {}
