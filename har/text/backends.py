"""What is said when the place a training runs fails it (har/backends): a worker process or a Ray cluster."""

TEXT = {
    "error.train.worker_lost": {
        "en": "The process training this run stopped unexpectedly (out of memory, or ended from outside); "
        "the finished epochs are kept: train again to go on.",
        "es": "El proceso que entrenaba esta ejecución se detuvo de forma inesperada (sin memoria, o terminado "
        "desde fuera); las épocas terminadas se conservan: vuelve a entrenar para seguir.",
    },
    "error.cluster.no_ray": {
        "en": "{env} is set, but Ray is not installed here; install it with pip install "
        '"rnn-vs-cnn-ucf11[cluster]", or unset {env} to train on this machine.',
        "es": "{env} está definida, pero Ray no está instalado aquí; instálalo con pip install "
        '"rnn-vs-cnn-ucf11[cluster]", o quita {env} para entrenar en esta máquina.',
    },
    "error.cluster.unreachable": {
        "en": "No Ray cluster answers at {address} ({env}); start one there with ray start --head, or fix the address.",
        "es": "Ningún clúster de Ray responde en {address} ({env}); inicia uno allí con ray start --head, "
        "o corrige la dirección.",
    },
    "error.cluster.none_here": {
        "en": "No Ray cluster runs on this machine ({env}=auto); start one with ray start --head, "
        "or give the head's address.",
        "es": "No hay ningún clúster de Ray en esta máquina ({env}=auto); inicia uno con ray start --head, "
        "o da la dirección del nodo principal.",
    },
}
