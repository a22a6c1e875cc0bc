"""The settings' names and help (one sentence each, shown as the widget's tooltip and in `--help`), what a valid
value is, and what a bad value in a link or on a command line gets told, in English and Spanish."""

TEXT = {
    # --- the setup ---
    "setting.lang": {"en": "Language", "es": "Idioma"},
    "setting.lang.help": {
        "en": "The language of every label, help text, table, chart and verdict.",
        "es": "El idioma de todas las etiquetas, ayudas, tablas, gráficas y veredictos.",
    },
    "setting.data": {"en": "Data set", "es": "Conjunto de datos"},
    "setting.data.help": {
        "en": (
            "Which clips the models learn from: the built-in synthetic demo, the real UCF11 features once downloaded, "
            "or your own (an .npz or a .zarr store)."
        ),
        "es": (
            "De qué clips aprenden los modelos: la demo sintética incluida, las características reales de UCF11 una "
            "vez descargadas, o los tuyos (un .npz o un almacén .zarr)."
        ),
    },
    "setting.split": {"en": "Train/test split", "es": "División entrenamiento/prueba"},
    "setting.split.help": {
        "en": (
            "Random draws the test clips from each class at random; group keeps every clip of one actor and "
            "background on the same side, which is the honest test."
        ),
        "es": (
            "Aleatoria saca los clips de prueba de cada clase al azar; por grupo deja todos los clips de un mismo "
            "actor y fondo del mismo lado, que es la prueba honesta."
        ),
    },
    "setting.split_seed": {"en": "Split seed", "es": "Semilla de la división"},
    "setting.split_seed.help": {
        "en": (
            "Fixes which clips go to the test set: the same seed always gives the same split, whatever the "
            "training seed."
        ),
        "es": (
            "Fija qué clips van al conjunto de prueba: la misma semilla siempre da la misma división, sea cual sea "
            "la semilla de entrenamiento."
        ),
    },
    "setting.test_fraction": {"en": "Test share", "es": "Proporción de prueba"},
    "setting.test_fraction.help": {
        "en": "The share of each class's clips kept aside to test the models; they never train on these.",
        "es": "La proporción de clips de cada clase que se aparta para probar los modelos; nunca entrenan con ellos.",
    },
    "setting.section.rnn": {"en": "the RNN", "es": "la RNN"},
    "setting.section.cnn": {"en": "the CNN", "es": "la CNN"},
    # --- the RNN ---
    "setting.rnn.hidden": {"en": "Hidden size", "es": "Tamaño oculto"},
    "setting.rnn.hidden.help": {
        "en": "Units in the GRU's memory per direction; more units remember more and add parameters fast.",
        "es": (
            "Unidades de la memoria de la GRU por dirección; más unidades recuerdan más y añaden parámetros "
            "rápidamente."
        ),
    },
    "setting.rnn.layers": {"en": "GRU layers", "es": "Capas GRU"},
    "setting.rnn.layers.help": {
        "en": "Stacked GRUs, each reading the sequence the one below produces; deeper is slower to train.",
        "es": "GRU apiladas, cada una lee la secuencia que produce la de abajo; más profundo entrena más lento.",
    },
    "setting.rnn.bidirectional": {"en": "Bidirectional", "es": "Bidireccional"},
    "setting.rnn.bidirectional.help": {
        "en": "Also reads the clip backwards, so every frame sees both its past and its future; doubles the GRU.",
        "es": "Lee también el clip al revés, así cada fotograma ve su pasado y su futuro; duplica la GRU.",
    },
    "setting.rnn.dropout": {"en": "Dropout", "es": "Dropout"},
    "setting.rnn.dropout.help": {
        "en": (
            "Share of values randomly zeroed while training, between GRU layers and before the classifier, to fight "
            "overfitting."
        ),
        "es": (
            "Proporción de valores que se ponen a cero al azar durante el entrenamiento, entre capas GRU y antes del "
            "clasificador, para combatir el sobreajuste."
        ),
    },
    "setting.rnn.pooling": {"en": "Pooling over time", "es": "Agregación en el tiempo"},
    "setting.rnn.pooling.help": {
        "en": (
            "How the GRU's output at every frame becomes one vector: the final state, the average over frames, or the "
            "largest value per unit."
        ),
        "es": (
            "Cómo la salida de la GRU en cada fotograma se convierte en un vector: el estado final, la media sobre los "
            "fotogramas o el valor más alto por unidad."
        ),
    },
    # --- the CNN ---
    "setting.cnn.kind": {"en": "CNN", "es": "CNN"},
    "setting.cnn.kind.help": {
        "en": (
            "Which CNN: the temporal convolution you can tune, or one of the course notebook's two CNNs, which are "
            "fixed."
        ),
        "es": (
            "Qué CNN: la convolución temporal que puedes ajustar, o una de las dos CNN del cuaderno del curso, que "
            "son fijas."
        ),
    },
    "setting.cnn.widths": {"en": "Filters per layer", "es": "Filtros por capa"},
    "setting.cnn.widths.help": {
        "en": (
            "How many patterns each conv layer can detect; the first layer's filters each weigh all features, so they "
            "cost the most."
        ),
        "es": (
            "Cuántos patrones puede detectar cada capa convolucional; cada filtro de la primera capa pondera todas "
            "las características, por eso es la que más cuesta."
        ),
    },
    "setting.cnn.width": {"en": "Filters in layer {i}", "es": "Filtros en la capa {i}"},
    "setting.cnn.layers": {"en": "Conv layers", "es": "Capas convolucionales"},
    "setting.cnn.layers.help": {
        "en": "Stacked convolutions; each layer widens how many frames a filter can see in the end.",
        "es": "Convoluciones apiladas; cada capa amplía cuántos fotogramas puede ver al final un filtro.",
    },
    "setting.cnn.kernel_size": {"en": "Kernel size (frames)", "es": "Tamaño del núcleo (fotogramas)"},
    "setting.cnn.kernel_size.help": {
        "en": "How many neighbouring frames one filter looks at; 1 ignores order completely.",
        "es": "Cuántos fotogramas vecinos mira un filtro; 1 ignora el orden por completo.",
    },
    "setting.cnn.dropout": {"en": "Dropout", "es": "Dropout"},
    "setting.cnn.dropout.help": {
        "en": "Share of filter outputs randomly zeroed after each conv layer while training, to fight overfitting.",
        "es": (
            "Proporción de salidas de los filtros que se ponen a cero al azar tras cada capa convolucional durante el "
            "entrenamiento, para combatir el sobreajuste."
        ),
    },
    "setting.cnn.pooling": {"en": "Pooling over time", "es": "Agregación en el tiempo"},
    "setting.cnn.pooling.help": {
        "en": (
            "How the filter outputs at every frame become one vector: the last frame, the average over frames, or the "
            "strongest response."
        ),
        "es": (
            "Cómo las salidas de los filtros en cada fotograma se convierten en un vector: el último fotograma, la "
            "media sobre los fotogramas o la respuesta más fuerte."
        ),
    },
    # --- the training ---
    "setting.train.epochs": {"en": "Epochs", "es": "Épocas"},
    "setting.train.epochs.help": {
        "en": "How many times each model sees every training clip.",
        "es": "Cuántas veces ve cada modelo todos los clips de entrenamiento.",
    },
    "setting.train.lr": {"en": "Learning rate", "es": "Tasa de aprendizaje"},
    "setting.train.lr.help": {
        "en": (
            "How big a step Adam takes after each batch; too high and the loss explodes, too low and learning crawls."
        ),
        "es": (
            "Qué tan grande es el paso de Adam tras cada lote; si es muy alta la pérdida explota, si es muy baja "
            "aprende muy despacio."
        ),
    },
    "setting.train.batch_size": {"en": "Batch size", "es": "Tamaño del lote"},
    "setting.train.batch_size.help": {
        "en": "Clips per weight update; small batches give noisier but more frequent steps.",
        "es": "Clips por actualización de pesos; lotes pequeños dan pasos más ruidosos pero más frecuentes.",
    },
    "setting.train.weight_decay": {"en": "Weight decay", "es": "Decaimiento de pesos"},
    "setting.train.weight_decay.help": {
        "en": (
            "Pulls every weight a little towards zero at each step (an L2 penalty); a little can curb overfitting, "
            "too much stops learning."
        ),
        "es": (
            "Acerca un poco cada peso a cero en cada paso (una penalización L2); un poco puede frenar el "
            "sobreajuste, demasiado impide aprender."
        ),
    },
    "setting.train.seed": {"en": "Training seed", "es": "Semilla de entrenamiento"},
    "setting.train.seed.help": {
        "en": (
            "Fixes the starting weights, the batch order and the dropout masks, so the same seed gives the same run; "
            "the split has its own seed."
        ),
        "es": (
            "Fija los pesos iniciales, el orden de los lotes y las máscaras de dropout, así la misma semilla da la "
            "misma ejecución; la división tiene su propia semilla."
        ),
    },
    "setting.train.device": {"en": "Device", "es": "Dispositivo"},
    "setting.train.device.help": {
        "en": "Where the models train: auto uses a GPU when there is one, otherwise the CPU.",
        "es": "Dónde se entrenan los modelos: automático usa una GPU si la hay y, si no, la CPU.",
    },
    # --- what a valid value is (a phrase inside a sentence) ---
    "setting.valid.bool": {"en": "0 or 1", "es": "0 o 1"},
    "setting.valid.choice": {"en": "one of {choices}", "es": "uno de {choices}"},
    "setting.valid.int": {
        "en": "a whole number from {low:,} to {high:,}",
        "es": "un número entero de {low:,} a {high:,}",
    },
    "setting.valid.float": {"en": "a number from {low:g} to {high:g}", "es": "un número de {low:g} a {high:g}"},
    "setting.valid.above": {
        "en": "a number above {low:g}, at most {high:g}",
        "es": "un número mayor que {low:g}, como mucho {high:g}",
    },
    "setting.valid.ints": {
        "en": (
            "whole numbers from {low:,} to {high:,} joined by \u201c{sep}\u201d, {fewest} to {most} of them, "
            "like 64{sep}32"
        ),
        "es": (
            "números enteros de {low:,} a {high:,} unidos por \u201c{sep}\u201d, de {fewest} a {most}, como 64{sep}32"
        ),
    },
    # --- a setting named in a sentence ---
    "setup.what": {"en": "{label} ({name})", "es": "{label} ({name})"},
    "setup.what_in": {"en": "{label} of {section} ({name})", "es": "{label} de {section} ({name})"},
    # --- bad values ---
    "setup.link.bad": {
        "en": "The link's value \u201c{value}\u201d for {what} is not valid, so the default is used (valid: {valid}).",
        "es": (
            "El valor \u201c{value}\u201d del enlace para {what} no es válido, así que se usa el valor por defecto "
            "(válido: {valid})."
        ),
    },
    "setup.link.bad_preset": {
        "en": (
            "The link names an unknown preset \u201c{value}\u201d (choose one of {valid}), so the default models are "
            "used."
        ),
        "es": (
            "El enlace nombra un preajuste desconocido, \u201c{value}\u201d (elige uno de {valid}), así que se usan "
            "los modelos por defecto."
        ),
    },
    "setup.flag.bad": {
        "en": "{flag} {value} is not valid; give {valid}.",
        "es": "{flag} {value} no es válido; da {valid}.",
    },
    "setup.flag.fixed": {
        "en": "{model} is a fixed model; drop {flags} or choose another CNN.",
        "es": "{model} es un modelo fijo; quita {flags} o elige otra CNN.",
    },
    "setup.flag.off": {"en": "the opposite of {flag}", "es": "lo contrario de {flag}"},
    "setup.flag.default": {"en": "{help} (default: {default})", "es": "{help} (por defecto: {default})"},
}
