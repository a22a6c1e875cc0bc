"""The dashboard's text (sidebar, the four pages, figures and tables) in English and Spanish. The Spanish follows
the course's (Mexican) number conventions, as the app prints them: a comma groups thousands, a point marks decimals."""

TEXT = {
    # Navigation and sidebar
    "nav.data": {"en": "Data", "es": "Datos"},
    "nav.models": {"en": "Models", "es": "Modelos"},
    "nav.train": {"en": "Train", "es": "Entrenar"},
    "nav.compare": {"en": "Compare", "es": "Comparar"},
    "nav.lab": {"en": "Lab", "es": "Laboratorio"},
    "side.source.demo": {"en": "Demo (synthetic)", "es": "Demo (sintética)"},
    "side.source.ucf11": {"en": "UCF11 (real features)", "es": "UCF11 (características reales)"},
    "side.source.upload": {"en": "My own data", "es": "Mis propios datos"},
    "side.split.random": {"en": "Random", "es": "Aleatoria"},
    "side.split.group": {"en": "By group", "es": "Por grupo"},
    "side.device.auto": {"en": "Automatic", "es": "Automático"},
    "side.device.cpu": {"en": "CPU", "es": "CPU"},
    "side.device.cuda": {"en": "GPU (CUDA)", "es": "GPU (CUDA)"},
    "side.load_failed": {
        "en": "Could not load that data set, so the demo is used instead: {msg}",
        "es": "No se pudo cargar ese conjunto de datos, así que se usa la demo: {msg}",
    },
    "side.split_failed": {
        "en": "That split does not work on this data, so the random split is used: {msg}",
        "es": "Esa división no funciona con estos datos, así que se usa la aleatoria: {msg}",
    },
    "side.summary": {
        "en": "Training clips: {train:,} · test clips: {test:,}",
        "es": "Clips de entrenamiento: {train:,} · clips de prueba: {test:,}",
    },
    # Data page
    "data.title": {"en": "The data", "es": "Los datos"},
    "data.synthetic": {
        "en": (
            "This is SYNTHETIC demo data, not UCF11. It has the course store's shape and classes and is built so the "
            "lessons show, but no accuracy measured on it says anything about real videos. Download UCF11 below for "
            "real results."
        ),
        "es": (
            "Estos son datos SINTÉTICOS de demostración, no UCF11. Tienen la forma y las clases del almacén del curso "
            "y están hechos para que se vean las lecciones, pero ninguna exactitud medida con ellos dice nada de "
            "vídeos reales. Descarga UCF11 abajo para obtener resultados reales."
        ),
    },
    "data.real": {
        "en": "Real data: per-frame features extracted from videos.",
        "es": "Datos reales: características por fotograma extraídas de vídeos.",
    },
    "data.note": {"en": "While loading: {note}.", "es": "Al cargar: {note}."},
    "data.clips": {"en": "Clips", "es": "Clips"},
    "data.clips_help": {
        "en": "How many short videos there are; each one is one example with one label.",
        "es": "Cuántos vídeos cortos hay; cada uno es un ejemplo con una etiqueta.",
    },
    "data.frames": {"en": "Frames per clip", "es": "Fotogramas por clip"},
    "data.frames_help": {
        "en": "How many time steps each clip has: the sequence length the models read.",
        "es": "Cuántos pasos de tiempo tiene cada clip: la longitud de la secuencia que leen los modelos.",
    },
    "data.features": {"en": "Features per frame", "es": "Características por fotograma"},
    "data.features_help": {
        "en": "How many numbers describe one frame (DenseNet-121 image features for UCF11).",
        "es": "Cuántos números describen un fotograma (características de imagen DenseNet-121 en UCF11).",
    },
    "data.classes": {"en": "Classes", "es": "Clases"},
    "data.classes_help": {
        "en": "How many actions the models must tell apart.",
        "es": "Cuántas acciones deben distinguir los modelos.",
    },
    "data.groups": {"en": "Groups", "es": "Grupos"},
    "data.groups_help": {
        "en": "Clips of one group share actor and background, so they look alike even when the action differs.",
        "es": "Los clips de un grupo comparten actor y fondo, así que se parecen aunque la acción cambie.",
    },
    "data.clip_header": {"en": "One clip up close", "es": "Un clip de cerca"},
    "data.clip_intro": {
        "en": (
            "A clip is a small table: one row per frame, one column per feature. The RNN reads the rows one after "
            "another; the CNN slides a window of a few rows down the table."
        ),
        "es": (
            "Un clip es una tabla pequeña: una fila por fotograma y una columna por característica. La RNN lee las "
            "filas una tras otra; la CNN desliza una ventana de unas pocas filas por la tabla."
        ),
    },
    "data.clip_class": {"en": "Class", "es": "Clase"},
    "data.clip_class_help": {
        "en": "Pick an action to look at one of its clips.",
        "es": "Elige una acción para ver uno de sus clips.",
    },
    "data.clip_index": {"en": "Clip number in this class", "es": "Número de clip en esta clase"},
    "data.clip_index_help": {
        "en": "Step through the clips of the chosen class.",
        "es": "Recorre los clips de la clase elegida.",
    },
    "data.clip_key": {"en": "Clip: {name}", "es": "Clip: {name}"},
    "data.class_empty": {"en": "This class has no clips.", "es": "Esta clase no tiene clips."},
    "data.ucf11_header": {"en": "The real UCF11 features", "es": "Las características reales de UCF11"},
    "data.ucf11_intro": {
        "en": (
            "About 53 MB, downloaded once into the data folder; the file's md5 checksum is verified before it is used."
        ),
        "es": (
            "Unos 53 MB, se descargan una sola vez en la carpeta de datos; se verifica la suma md5 del archivo antes "
            "de usarlo."
        ),
    },
    "data.ucf11_ready": {
        "en": "UCF11 is downloaded: choose it under Data set in the sidebar.",
        "es": "UCF11 ya está descargado: elígelo en Conjunto de datos, en la barra lateral.",
    },
    "data.download": {"en": "Download UCF11", "es": "Descargar UCF11"},
    "data.download_help": {
        "en": (
            "Fetches the course's real feature store from the internet; without a connection the app keeps working on "
            "the demo."
        ),
        "es": (
            "Descarga de internet el almacén de características real del curso; sin conexión la aplicación sigue "
            "funcionando con la demo."
        ),
    },
    "data.download_start": {"en": "Connecting…", "es": "Conectando…"},
    "data.download_progress": {
        "en": "Downloading: {done:.1f} of {total:.1f} MB",
        "es": "Descargando: {done:.1f} de {total:.1f} MB",
    },
    "data.download_ok": {
        "en": "UCF11 downloaded and its md5 checked ({md5}); it is now the selected data set.",
        "es": "UCF11 descargado y su md5 verificado ({md5}); ahora es el conjunto de datos seleccionado.",
    },
    "data.download_failed": {
        "en": "The download did not work, and the app keeps using the demo data. {msg}",
        "es": "La descarga no funcionó, y la aplicación sigue usando los datos de demostración. {msg}",
    },
    "data.upload_header": {"en": "Your own data", "es": "Tus propios datos"},
    "data.upload_intro": {
        "en": (
            "An .npz file with X shaped (clips, frames, features) and y with one label per clip; class_names, keys and "
            "groups are optional."
        ),
        "es": (
            "Un archivo .npz con X de forma (clips, fotogramas, características) e y con una etiqueta por clip; "
            "class_names, keys y groups son opcionales."
        ),
    },
    "data.upload": {"en": "Upload an .npz", "es": "Sube un .npz"},
    "data.upload_help": {
        "en": "Up to {mb} MB; the file is checked before anything is used, and only plain arrays are read.",
        "es": "Hasta {mb} MB; el archivo se revisa antes de usar nada, y solo se leen arreglos simples.",
    },
    "data.upload_rejected": {
        "en": "That file was not loaded (your current data is unchanged): {msg}",
        "es": "Ese archivo no se cargó (tus datos actuales no cambian): {msg}",
    },
    "data.upload_ok": {
        "en": "Your data is loaded and selected in the sidebar.",
        "es": "Tus datos están cargados y seleccionados en la barra lateral.",
    },
    "data.local_path": {
        "en": "Or load a store or .npz from the server's data folder",
        "es": "O carga un almacén o .npz de la carpeta de datos del servidor",
    },
    "data.local_path_help": {
        "en": (
            "A path inside {root} (for example mine.zarr or clips/mine.npz); paths outside that folder are refused. "
            "Press Enter to load it."
        ),
        "es": (
            "Una ruta dentro de {root} (por ejemplo mine.zarr o clips/mine.npz); las rutas fuera de esa carpeta se "
            "rechazan. Pulsa Enter para cargarla."
        ),
    },
    "data.local_rejected": {
        "en": "That path was not loaded (your current data is unchanged): {msg}",
        "es": "Esa ruta no se cargó (tus datos actuales no cambian): {msg}",
    },
    # Models page
    "models.title": {"en": "The two models", "es": "Los dos modelos"},
    "models.intro": {
        "en": (
            "Both models read the same clips of frames x features and end with one score per class. Change them and "
            "watch the parameter counts move: a fair race needs models of about the same size."
        ),
        "es": (
            "Los dos modelos leen los mismos clips de fotogramas x características y terminan con una puntuación por "
            "clase. Cámbialos y mira cómo se mueven los parámetros: una carrera justa necesita modelos de tamaño "
            "parecido."
        ),
    },
    "models.rnn_params": {"en": "RNN parameters", "es": "Parámetros de la RNN"},
    "models.cnn_params": {"en": "CNN parameters", "es": "Parámetros de la CNN"},
    "models.params_help": {
        "en": "Trainable numbers in the model; more parameters can learn more but also memorise more.",
        "es": "Números entrenables del modelo; más parámetros pueden aprender más pero también memorizar más.",
    },
    "models.ratio": {"en": "RNN / CNN", "es": "RNN / CNN"},
    "models.ratio_help": {
        "en": "How many times larger the RNN is than the CNN; 1.00× means equal size.",
        "es": "Cuántas veces más grande es la RNN que la CNN; 1.00× significa el mismo tamaño.",
    },
    "models.difference": {"en": "RNN − CNN", "es": "RNN − CNN"},
    "models.difference_help": {
        "en": "The RNN's parameters minus the CNN's.",
        "es": "Los parámetros de la RNN menos los de la CNN.",
    },
    "models.match_cnn": {"en": "Match the CNN's size to the RNN", "es": "Igualar el tamaño de la CNN a la RNN"},
    "models.match_cnn_help": {
        "en": (
            "Changes the CNN's widths (keeping their ratios) until its parameter count is as close as possible to the "
            "RNN's."
        ),
        "es": (
            "Cambia los anchos de la CNN (manteniendo sus proporciones) hasta que su número de parámetros sea lo más "
            "cercano posible al de la RNN."
        ),
    },
    "models.match_rnn": {"en": "Match the RNN's size to the CNN", "es": "Igualar el tamaño de la RNN a la CNN"},
    "models.match_rnn_help": {
        "en": "Changes the RNN's hidden size until its parameter count is as close as possible to the CNN's.",
        "es": (
            "Cambia el tamaño oculto de la RNN hasta que su número de parámetros sea lo más cercano posible al de la "
            "CNN."
        ),
    },
    "models.matched": {
        "count": "got",
        "en": {
            "one": "{model} resized: {got:,} parameter for a target of {target:,} (difference {diff:+,}).",
            "other": "{model} resized: {got:,} parameters for a target of {target:,} (difference {diff:+,}).",
        },
        "es": {
            "one": "{model} redimensionada: {got:,} parámetro para un objetivo de {target:,} (diferencia {diff:+,}).",
            "other": (
                "{model} redimensionada: {got:,} parámetros para un objetivo de {target:,} (diferencia {diff:+,})."
            ),
        },
    },
    "models.rnn_header": {"en": "RNN: bidirectional GRU", "es": "RNN: GRU bidireccional"},
    "models.rnn_about": {
        "en": "Reads the frames one by one and keeps a memory (the hidden state) of what it has seen.",
        "es": "Lee los fotogramas uno a uno y guarda una memoria (el estado oculto) de lo que ha visto.",
    },
    "models.cnn_header": {"en": "CNN: temporal convolution", "es": "CNN: convolución temporal"},
    "models.cnn_about": {
        "en": (
            "Slides filters along time: each filter looks at a few neighbouring frames, with all features as channels."
        ),
        "es": (
            "Desliza filtros a lo largo del tiempo: cada filtro mira unos pocos fotogramas vecinos, con todas las "
            "características como canales."
        ),
    },
    "models.preset": {"en": "Preset", "es": "Predefinido"},
    "models.preset_help": {
        "en": "Loads a ready-made model, such as the course notebook's; moving any control afterwards makes it custom.",
        "es": (
            "Carga un modelo ya hecho, como el del cuaderno del curso; mover cualquier control después lo vuelve "
            "personalizado."
        ),
    },
    "models.pool.last": {"en": "last", "es": "último"},
    "models.pool.mean": {"en": "mean", "es": "media"},
    "models.pool.max": {"en": "max", "es": "máximo"},
    "models.notebook_cnn_note": {
        "en": (
            "The notebook's CNN is a fixed model, so its controls are off. Teaching point: it treats the 10 frames as "
            "input channels and convolves along the 1,024 feature axis. Feature indices have no neighbourhood, so its "
            "filters slide where there is nothing to slide over, and time is mixed in one step."
        ),
        "es": (
            "La CNN del cuaderno es un modelo fijo, por eso sus controles están desactivados. Punto didáctico: trata "
            "los 10 fotogramas como canales de entrada y convoluciona a lo largo del eje de las 1,024 características. "
            "Los índices de características no tienen vecindad, así que sus filtros se deslizan donde no hay nada que "
            "recorrer, y el tiempo se mezcla en un solo paso."
        ),
    },
    "models.summary": {"en": "Layer by layer ({model}, torchinfo)", "es": "Capa por capa ({model}, torchinfo)"},
    "models.presets_header": {"en": "Presets", "es": "Modelos predefinidos"},
    "models.presets_intro": {
        "en": (
            "Counts are for the loaded data's shape; the course's clips are 10 frames x 1,024 features with 11 classes."
        ),
        "es": (
            "Los recuentos son para la forma de los datos cargados; los clips del curso son 10 fotogramas x 1,024 "
            "características con 11 clases."
        ),
    },
    "models.parameters": {"en": "parameters", "es": "parámetros"},
    "preset.custom": {"en": "Custom", "es": "Personalizado"},
    "preset.notebook-rnn": {"en": "Notebook RNN", "es": "RNN del cuaderno"},
    "preset.notebook-rnn.about": {
        "en": (
            "The course notebook's RNN: BatchNorm, one bidirectional GRU layer of 128 units, mean over time, then a "
            "linear layer: 891,147 parameters."
        ),
        "es": (
            "La RNN del cuaderno del curso: BatchNorm, una capa GRU bidireccional de 128 unidades, media en el tiempo "
            "y una capa lineal: 891,147 parámetros."
        ),
    },
    "preset.notebook-cnn": {"en": "Notebook CNN", "es": "CNN del cuaderno"},
    "preset.notebook-cnn.about": {
        "en": (
            "The course notebook's CNN: 5,185 parameters. It uses the 10 frames as input channels and slides 10 "
            "filters of width 3 along the 1,024 features, then max-pools and averages."
        ),
        "es": (
            "La CNN del cuaderno del curso: 5,185 parámetros. Usa los 10 fotogramas como canales de entrada y desliza "
            "10 filtros de ancho 3 por las 1,024 características; luego agrega con máximo y media."
        ),
    },
    "preset.notebook-cnn2": {"en": "Notebook CNN 2", "es": "CNN 2 del cuaderno"},
    "preset.notebook-cnn2.about": {
        "en": (
            "The notebook's wider CNN: the same feature-axis convolution, then an MLP head (1,024 and 128 units) that "
            "holds almost all of its 660,289 parameters."
        ),
        "es": (
            "La CNN más ancha del cuaderno: la misma convolución sobre el eje de características y luego una cabeza "
            "MLP (1,024 y 128 unidades) que concentra casi todos sus 660,289 parámetros."
        ),
    },
    "preset.matched-cnn": {"en": "Matched CNN", "es": "CNN equiparada"},
    "preset.matched-cnn.about": {
        "en": (
            "A temporal CNN (288 filters of 3 frames over the 1,024 features) sized like the notebook RNN: 890,251 "
            "parameters."
        ),
        "es": (
            "Una CNN temporal (288 filtros de 3 fotogramas sobre las 1,024 características) del tamaño de la RNN del "
            "cuaderno: 890,251 parámetros."
        ),
    },
    "preset.small-rnn": {"en": "Small RNN", "es": "RNN pequeña"},
    "preset.small-rnn.about": {
        "en": "A bidirectional GRU with 32 units (205,899 parameters): quick to train in a live demo.",
        "es": (
            "Una GRU bidireccional de 32 unidades (205,899 parámetros): rápida de entrenar en una demostración en vivo."
        ),
    },
    "preset.small-cnn": {"en": "Small CNN", "es": "CNN pequeña"},
    "preset.small-cnn.about": {
        "en": "A temporal CNN with 66 filters (205,603 parameters), sized like the small RNN.",
        "es": "Una CNN temporal de 66 filtros (205,603 parámetros), del tamaño de la RNN pequeña.",
    },
    # Train page
    "train.title": {"en": "Train both models", "es": "Entrenar los dos modelos"},
    "train.intro": {
        "en": (
            "Both models train on the same split with the same settings, one epoch each in turn, so their curves race. "
            "Training goes on while you visit other pages."
        ),
        "es": (
            "Los dos modelos se entrenan con la misma división y los mismos ajustes, una época cada uno por turno, "
            "para que sus curvas compitan. El entrenamiento sigue mientras visitas otras páginas."
        ),
    },
    "train.models_line": {
        "en": (
            "Parameters: RNN {rnn:,} · CNN {cnn:,} (set on the Models page) · clips: {train:,} for training, "
            "{test:,} for testing."
        ),
        "es": (
            "Parámetros: RNN {rnn:,} · CNN {cnn:,} (se ajustan en la página Modelos) · clips: {train:,} de "
            "entrenamiento, {test:,} de prueba."
        ),
    },
    "train.start": {"en": "Train both", "es": "Entrenar ambos"},
    "train.start_help": {
        "en": "Trains the RNN and the CNN from scratch with the settings above; the result goes into the run history.",
        "es": (
            "Entrena la RNN y la CNN desde cero con los ajustes de arriba; el resultado va al historial de ejecuciones."
        ),
    },
    "train.cannot_start": {"en": "Training could not start: {msg}", "es": "El entrenamiento no pudo empezar: {msg}"},
    "train.stop": {"en": "Stop", "es": "Detener"},
    "train.stop_help": {
        "en": "Ends the run after the current batch; every finished epoch is kept.",
        "es": "Termina la ejecución tras el lote actual; se conservan todas las épocas terminadas.",
    },
    "train.none_yet": {
        "en": "No training yet: press Train both.",
        "es": "Aún no hay entrenamiento: pulsa Entrenar ambos.",
    },
    "train.queued": {
        "en": "Waiting for a free slot: number {position} in line (this server trains {slots} at a time).",
        "es": "Esperando un hueco libre: número {position} en la fila (este servidor entrena {slots} a la vez).",
    },
    "train.progress": {
        "en": "Epoch {epoch} of {epochs} · {seconds:.0f} s",
        "es": "Época {epoch} de {epochs} · {seconds:.0f} s",
    },
    "train.stopping": {"en": "Stopping after this batch…", "es": "Deteniendo tras este lote…"},
    "train.finished": {
        "count": "epochs",
        "en": {
            "one": "Finished: {epochs} epoch in {seconds:.1f} s. See the Compare page for the details.",
            "other": "Finished: {epochs} epochs in {seconds:.1f} s. See the Compare page for the details.",
        },
        "es": {
            "one": "Terminado: {epochs} época en {seconds:.1f} s. Mira la página Comparar para los detalles.",
            "other": "Terminado: {epochs} épocas en {seconds:.1f} s. Mira la página Comparar para los detalles.",
        },
    },
    "train.stopped": {
        "count": "epochs",
        "en": {
            "one": "Stopped: the completed epoch is kept in the history.",
            "other": "Stopped: the {epochs} completed epochs are kept in the history.",
        },
        "es": {
            "one": "Detenido: la época completa se guarda en el historial.",
            "other": "Detenido: las {epochs} épocas completas se guardan en el historial.",
        },
    },
    "train.diverged": {"en": "The training diverged: {msg}", "es": "El entrenamiento divergió: {msg}"},
    "train.failed": {"en": "The training failed: {msg}", "es": "El entrenamiento falló: {msg}"},
    "train.confusion_header": {"en": "Latest confusion matrices", "es": "Últimas matrices de confusión"},
    "train.confusion_intro": {
        "en": "Rows are the true actions, columns what the model said; the diagonal is what it got right.",
        "es": "Las filas son las acciones reales y las columnas lo que dijo el modelo; la diagonal es lo que acertó.",
    },
    # Compare page
    "compare.title": {"en": "Compare the models", "es": "Comparar los modelos"},
    "compare.upload_header": {"en": "Open a saved run", "es": "Abrir una ejecución guardada"},
    "compare.upload": {"en": "Upload a run record (.json)", "es": "Sube un registro de ejecución (.json)"},
    "compare.upload_help": {
        "en": "A run saved from this page or by the command line (up to {mb} MB); it is checked before it is shown.",
        "es": (
            "Una ejecución guardada desde esta página o desde la línea de comandos (hasta {mb} MB); se revisa antes de "
            "mostrarla."
        ),
    },
    "compare.upload_rejected": {
        "en": "That file was not opened (your history is unchanged): {msg}",
        "es": "Ese archivo no se abrió (tu historial no cambia): {msg}",
    },
    "compare.empty": {
        "en": "No runs yet: train both models on the Train page, or open a saved run above.",
        "es": (
            "Aún no hay ejecuciones: entrena los dos modelos en la página Entrenar, o abre una ejecución guardada "
            "arriba."
        ),
    },
    "compare.run": {"en": "Run", "es": "Ejecución"},
    "compare.run_help": {
        "en": "Which training of this session (or uploaded run) to look at.",
        "es": "Qué entrenamiento de esta sesión (o ejecución subida) quieres ver.",
    },
    "compare.run_label": {
        "count": "epochs",
        "en": {
            "one": "{id} · {created} · {status} · {epochs} epoch",
            "other": "{id} · {created} · {status} · {epochs} epochs",
        },
        "es": {
            "one": "{id} · {created} · {status} · {epochs} época",
            "other": "{id} · {created} · {status} · {epochs} épocas",
        },
    },
    "compare.status.running": {"en": "running", "es": "en curso"},
    "compare.status.finished": {"en": "finished", "es": "terminada"},
    "compare.status.stopped": {"en": "stopped", "es": "detenida"},
    "compare.status.diverged": {"en": "diverged", "es": "divergió"},
    "compare.synthetic_run": {
        "en": "This run used synthetic demo data.",
        "es": "Esta ejecución usó datos sintéticos de demostración.",
    },
    "compare.confusion_header": {"en": "Where each model goes wrong", "es": "Dónde se equivoca cada modelo"},
    "compare.normalize": {"en": "Show shares of each true class", "es": "Mostrar proporciones de cada clase real"},
    "compare.normalize_help": {
        "en": "Divides each row by its total, so classes with few test clips are as easy to read as large ones.",
        "es": (
            "Divide cada fila por su total, para que las clases con pocos clips de prueba se lean tan fácil como las "
            "grandes."
        ),
    },
    "compare.confusion_intro": {
        "en": (
            "Rows are the true actions, columns what the model said; bright cells off the diagonal are the confusions."
        ),
        "es": (
            "Las filas son las acciones reales y las columnas lo que dijo el modelo; las celdas claras fuera de la "
            "diagonal son las confusiones."
        ),
    },
    "compare.download_run": {"en": "Download this run (JSON)", "es": "Descargar esta ejecución (JSON)"},
    "compare.download_run_help": {
        "en": "Saves the full run record (settings, curves, predictions) to open here again or with the command line.",
        "es": (
            "Guarda el registro completo (ajustes, curvas, predicciones) para abrirlo aquí de nuevo o con la línea de "
            "comandos."
        ),
    },
    "compare.history_header": {"en": "Run history", "es": "Historial de ejecuciones"},
    "compare.download_history": {"en": "Download the history (CSV)", "es": "Descargar el historial (CSV)"},
    "compare.download_history_help": {
        "en": "Saves the table above as a spreadsheet file.",
        "es": "Guarda la tabla de arriba como archivo de hoja de cálculo.",
    },
    "compare.overlay": {"en": "Runs to overlay", "es": "Ejecuciones a superponer"},
    "compare.overlay_help": {
        "en": "Draws the chosen runs' curves on one chart; each run has its own colour, RNN solid and CNN dotted.",
        "es": (
            "Dibuja las curvas de las ejecuciones elegidas en una gráfica; cada ejecución tiene su color, la RNN "
            "continua y la CNN punteada."
        ),
    },
    "compare.metric": {"en": "Curve", "es": "Curva"},
    "compare.metric_help": {
        "en": "Which number per epoch to compare across runs.",
        "es": "Qué número por época comparar entre ejecuciones.",
    },
    # Tables
    "table.model": {"en": "Model", "es": "Modelo"},
    "table.params": {"en": "Parameters", "es": "Parámetros"},
    "table.final_acc": {"en": "Final test acc. (%)", "es": "Exact. final de prueba (%)"},
    "table.best_acc": {
        "en": "Best-epoch test acc. (%), optimistic",
        "es": "Exact. de prueba de la mejor época (%), optimista",
    },
    "table.best_epoch": {"en": "Best epoch (picked on test)", "es": "Mejor época (elegida con prueba)"},
    "table.train_time": {"en": "Train time (s)", "es": "Tiempo de entrenamiento (s)"},
    "table.run": {"en": "Run", "es": "Ejecución"},
    "table.created": {"en": "Started", "es": "Inicio"},
    "table.status": {"en": "Status", "es": "Estado"},
    "table.data": {"en": "Data", "es": "Datos"},
    "table.split": {"en": "Split", "es": "División"},
    "table.epochs": {"en": "Epochs", "es": "Épocas"},
    "table.lr": {"en": "Learning rate", "es": "Tasa de aprendizaje"},
    "table.batch": {"en": "Batch", "es": "Lote"},
    # Figures
    "plot.class": {"en": "class", "es": "clase"},
    "plot.clips": {"en": "clips", "es": "clips"},
    "plot.class_counts": {"en": "Clips per class", "es": "Clips por clase"},
    "plot.value": {"en": "value", "es": "valor"},
    "plot.feature": {"en": "feature", "es": "característica"},
    "plot.frame": {"en": "frame", "es": "fotograma"},
    "plot.clip_heatmap": {"en": "The clip: frames x features", "es": "El clip: fotogramas x características"},
    "plot.features_over_time": {
        "count": "k",
        "en": {"one": "Its strongest feature over time", "other": "Its {k} strongest features over time"},
        "es": {
            "one": "Su característica más fuerte en el tiempo",
            "other": "Sus {k} características más fuertes en el tiempo",
        },
    },
    "plot.loss": {"en": "loss", "es": "pérdida"},
    "plot.accuracy": {"en": "accuracy", "es": "exactitud"},
    "plot.epoch": {"en": "epoch", "es": "época"},
    "plot.train": {"en": "train", "es": "entrenamiento"},
    "plot.test": {"en": "test", "es": "prueba"},
    "plot.predicted": {"en": "predicted class", "es": "clase predicha"},
    "plot.true": {"en": "true class", "es": "clase real"},
    "plot.percent_of_row": {"en": "% of row", "es": "% de la fila"},
    "plot.confusion_hover": {
        "en": "true %{y}<br>predicted %{x}<br>%{z}",
        "es": "real %{y}<br>predicha %{x}<br>%{z}",
    },
    "plot.per_class": {"en": "Test accuracy per class", "es": "Exactitud de prueba por clase"},
    "plot.overlay": {"en": "Chosen runs: {metric}", "es": "Ejecuciones elegidas: {metric}"},
    "plot.metric.test_acc": {"en": "test accuracy", "es": "exactitud de prueba"},
    "plot.metric.train_acc": {"en": "train accuracy", "es": "exactitud de entrenamiento"},
    "plot.metric.test_loss": {"en": "test loss", "es": "pérdida de prueba"},
    "plot.metric.train_loss": {"en": "train loss", "es": "pérdida de entrenamiento"},
    "side.share": {"en": "Share this setup", "es": "Compartir esta configuración"},
    "side.share_help": {
        "en": (
            "Add this to the app's address: whoever opens the link gets the same data, split, models and training "
            "settings."
        ),
        "es": (
            "Agrega esto a la dirección de la app: quien abra el enlace obtiene los mismos datos, división, modelos y "
            "ajustes de entrenamiento."
        ),
    },
    "side.link_applied": {
        "en": "This page opened from a shared link: its data, split, models and training settings are loaded.",
        "es": (
            "Esta página se abrió desde un enlace compartido: se cargaron sus datos, división, modelos y ajustes de "
            "entrenamiento."
        ),
    },
    "side.link_moved": {
        "en": "The link asked for {setting} = {asked}; the closest the controls offer is {given}.",
        "es": "El enlace pedía {setting} = {asked}; lo más cercano que ofrecen los controles es {given}.",
    },
}
