"""What `har train` prints besides its table, in English and Spanish (its --lang)."""

TEXT = {
    "cli.train.data": {
        "en": "{data}: training clips: {train:,} · test clips: {test:,} ({kind}), on {device}",
        "es": "{data}: clips de entrenamiento: {train:,} · clips de prueba: {test:,} ({kind}), en {device}",
    },
    "cli.train.split.random": {"en": "random split", "es": "división aleatoria"},
    "cli.train.split.group": {"en": "group split", "es": "división por grupos"},
    "cli.train.params": {
        "count": "params",
        "en": {"one": "{model}: {params:,} parameter", "other": "{model}: {params:,} parameters"},
        "es": {"one": "{model}: {params:,} parámetro", "other": "{model}: {params:,} parámetros"},
    },
    "cli.train.final": {
        "count": "epochs",
        "en": {
            "one": "{model}: test accuracy {acc:.1%} after {epochs} epoch",
            "other": "{model}: test accuracy {acc:.1%} after {epochs} epochs",
        },
        "es": {
            "one": "{model}: exactitud de prueba {acc:.1%} tras {epochs} época",
            "other": "{model}: exactitud de prueba {acc:.1%} tras {epochs} épocas",
        },
    },
    "cli.train.record": {"en": "run record: {path}", "es": "registro de la ejecución: {path}"},
}
