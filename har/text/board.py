"""The class board's text (the Class page, its chart, table and summary, and its errors) in English and Spanish."""

TEXT = {
    "nav.board": {"en": "Class", "es": "Clase"},
    # The page
    "board.title": {"en": "The class board", "es": "La pizarra de la clase"},
    "board.intro": {
        "en": (
            "Publish a finished run under a name of your choice: its two models join everyone else's below, live. "
            "Thirty students are thirty seeds and thirty configurations: together they answer what one run cannot."
        ),
        "es": (
            "Publica una ejecución terminada con el nombre que elijas: sus dos modelos se suman en vivo a los de "
            "todos abajo. Treinta estudiantes son treinta semillas y treinta configuraciones: juntos responden lo "
            "que una sola ejecución no puede."
        ),
    },
    "board.publish_header": {"en": "Publish one of your runs", "es": "Publica una de tus ejecuciones"},
    "board.nothing_to_publish": {
        "en": "Train both models on the Train page first: finished runs trained in this session can be published.",
        "es": (
            "Primero entrena los dos modelos en la página Entrenar: se pueden publicar las ejecuciones terminadas "
            "entrenadas en esta sesión."
        ),
    },
    "board.run": {"en": "Run", "es": "Ejecución"},
    "board.run_help": {
        "en": "A finished run of this session; both its models (RNN and CNN) are published, once.",
        "es": "Una ejecución terminada de esta sesión; se publican sus dos modelos (RNN y CNN), una sola vez.",
    },
    "board.run_label": {
        "en": "{id} · {created} · RNN {rnn} / CNN {cnn}",
        "es": "{id} · {created} · RNN {rnn} / CNN {cnn}",
    },
    "board.name": {"en": "Display name", "es": "Nombre visible"},
    "board.name_help": {
        "en": "What the class sees next to your run, exactly as typed (at most {limit} characters); a nickname works.",
        "es": (
            "Lo que la clase ve junto a tu ejecución, tal cual lo escribes (máximo {limit} caracteres); un apodo "
            "está bien."
        ),
    },
    "board.publish": {"en": "Publish", "es": "Publicar"},
    "board.publish_help": {
        "en": "Shares this run's models, scores and settings with the class; nothing else of your session leaves it.",
        "es": (
            "Comparte con la clase los modelos, resultados y ajustes de esta ejecución; nada más de tu sesión sale "
            "de ella."
        ),
    },
    "board.published": {
        "en": "Published on the board {board} as {name}.",
        "es": "Publicada en la pizarra {board} como {name}.",
    },
    "board.refused": {"en": "Not published: {msg}", "es": "No se publicó: {msg}"},
    "board.unavailable": {
        "en": "The class board cannot be read: {msg}",
        "es": "No se puede leer la pizarra de la clase: {msg}",
    },
    "board.header": {"en": "Board: {board}", "es": "Pizarra: {board}"},
    "board.count": {
        "en": "{entries} entries from {runs} runs; the board updates by itself.",
        "es": "{entries} entradas de {runs} ejecuciones; la pizarra se actualiza sola.",
    },
    "board.empty": {
        "en": "Nothing is published on this board yet: the first run to arrive appears here without reloading.",
        "es": "Aún no hay nada publicado en esta pizarra: la primera ejecución que llegue aparece aquí sin recargar.",
    },
    "board.summary_caption": {
        "en": (
            "Read aloud: runs are paired (a run's RNN and CNN share split, seed and epochs), and a gap counts as "
            "larger than the seed-to-seed spread when a paired t-test gives p < 0.05."
        ),
        "es": (
            "Para leer en voz alta: las ejecuciones van en pares (la RNN y la CNN de una ejecución comparten "
            "división, semilla y épocas), y una diferencia cuenta como mayor que la variación entre semillas cuando "
            "una prueba t pareada da p < 0.05."
        ),
    },
    "board.table_header": {"en": "Every entry", "es": "Todas las entradas"},
    "board.filter_family": {"en": "Models", "es": "Modelos"},
    "board.filter_pooling": {"en": "Pooling", "es": "Agregación"},
    "board.filter_split": {"en": "Split", "es": "División"},
    "board.filter_name": {"en": "Name contains", "es": "El nombre contiene"},
    "board.sort": {"en": "Sort by", "es": "Ordenar por"},
    "board.sort.created": {"en": "newest first", "es": "más recientes primero"},
    "board.sort.final_acc": {"en": "final test accuracy", "es": "exactitud final de prueba"},
    "board.sort.best_acc": {"en": "best test accuracy", "es": "mejor exactitud de prueba"},
    "board.sort.params": {"en": "parameters", "es": "parámetros"},
    "board.sort.name": {"en": "name", "es": "nombre"},
    "board.sort.seconds": {"en": "training time", "es": "tiempo de entrenamiento"},
    "board.col.name": {"en": "Name", "es": "Nombre"},
    "board.col.model": {"en": "Model", "es": "Modelo"},
    "board.col.params": {"en": "Parameters", "es": "Parámetros"},
    "board.col.pooling": {"en": "Pooling", "es": "Agregación"},
    "board.col.size": {"en": "Hidden / widths", "es": "Oculta / anchos"},
    "board.col.split": {"en": "Split", "es": "División"},
    "board.col.seed": {"en": "Seed", "es": "Semilla"},
    "board.col.final": {"en": "Final test acc. (%)", "es": "Exactitud final de prueba (%)"},
    "board.col.best": {"en": "Best test acc. (%)", "es": "Mejor exactitud de prueba (%)"},
    "board.col.epochs": {"en": "Epochs", "es": "Épocas"},
    "board.col.seconds": {"en": "Time (s)", "es": "Tiempo (s)"},
    "board.col.created": {"en": "Published", "es": "Publicada"},
    # The chart
    "board.plot.title": {"en": "{dataset} ({kind})", "es": "{dataset} ({kind})"},
    "board.plot.real": {"en": "real data", "es": "datos reales"},
    "board.plot.synthetic": {"en": "synthetic, not UCF11", "es": "sintéticos, no UCF11"},
    "board.plot.params": {"en": "Parameters (log scale)", "es": "Parámetros (escala logarítmica)"},
    "board.plot.accuracy": {"en": "Final test accuracy", "es": "Exactitud final de prueba"},
    "board.plot.pooling.mean": {"en": "mean pooling", "es": "agregación por media"},
    "board.plot.pooling.last": {"en": "last frame", "es": "último cuadro"},
    "board.plot.pooling.max": {"en": "max pooling", "es": "agregación por máximo"},
    "board.plot.pooling.none": {"en": "notebook CNN", "es": "CNN del cuaderno"},
    "board.plot.hover": {
        "en": "{name}<br>{model}, {params:,} parameters<br>final {acc:.1%}, best {best:.1%}<br>"
        "epochs: {epochs}, {split} split, seed {seed}",
        "es": "{name}<br>{model}, {params:,} parámetros<br>final {acc:.1%}, mejor {best:.1%}<br>"
        "épocas: {epochs}, división {split}, semilla {seed}",
    },
    "board.plot.notebook": {"en": "Course notebook", "es": "Cuaderno del curso"},
    "board.plot.notebook_elsewhere": {
        "en": "Course notebook on real UCF11 (not this data)",
        "es": "Cuaderno del curso con UCF11 real (no estos datos)",
    },
    "board.plot.notebook_hover": {
        "en": "The course notebook's {model}: {params:,} parameters, {acc:.1%} on the real UCF11 features",
        "es": "La {model} del cuaderno del curso: {params:,} parámetros, {acc:.1%} con las características reales de "
        "UCF11",
    },
    # The summary
    "board.summary.none": {
        "en": "No published run has both its models in one size range yet, so the board cannot compare them.",
        "es": "Aún ninguna ejecución publicada tiene sus dos modelos en un mismo rango de tamaño: no hay qué comparar.",
    },
    "board.summary.too_few": {
        "en": "At {band} parameters: {runs} run(s) with both models in this range; at least {need} are needed to say "
        "which is better.",
        "es": "Con {band} parámetros: {runs} ejecución(es) con ambos modelos en este rango; se necesitan al menos "
        "{need} para decir cuál es mejor.",
    },
    "board.summary.level": {
        "en": "At {band} parameters the RNN and the CNN are level over {runs} runs.",
        "es": "Con {band} parámetros la RNN y la CNN empatan en {runs} ejecuciones.",
    },
    "board.summary.gap_yes": {
        "en": "At {band} parameters the {leader} leads the {other} by {points:.1f} points over {runs} runs (95% "
        "interval {low:.1f} to {high:.1f}); the gap is larger than the seed-to-seed spread ({p}).",
        "es": "Con {band} parámetros la {leader} supera a la {other} por {points:.1f} puntos en {runs} ejecuciones "
        "(intervalo del 95 % de {low:.1f} a {high:.1f}); la diferencia es mayor que la variación entre semillas ({p}).",
    },
    "board.summary.gap_no": {
        "en": "At {band} parameters the {leader} leads the {other} by {points:.1f} points over {runs} runs (95% "
        "interval {low:.1f} to {high:.1f}); the gap is not larger than the seed-to-seed spread ({p}), so these runs "
        "do not say which is better.",
        "es": "Con {band} parámetros la {leader} supera a la {other} por {points:.1f} puntos en {runs} ejecuciones "
        "(intervalo del 95 % de {low:.1f} a {high:.1f}); la diferencia no es mayor que la variación entre semillas "
        "({p}), así que estas ejecuciones no dicen cuál es mejor.",
    },
    # The lecturer's controls
    "board.lecturer_header": {"en": "Lecturer", "es": "Profesor"},
    "board.lecturer_off": {
        "en": "Lecturer controls are off on this server: start it with HAR_BOARD_ADMIN set to a key, then open "
        "this page with ?lecturer=<key>.",
        "es": "Los controles del profesor están desactivados en este servidor: inícialo con HAR_BOARD_ADMIN "
        "definida con una clave y abre esta página con ?lecturer=<clave>.",
    },
    "board.lecturer_wrong": {
        "en": "That lecturer key is not this server's; the lecturer controls stay hidden.",
        "es": "Esa clave de profesor no es la de este servidor; los controles del profesor siguen ocultos.",
    },
    "board.export": {"en": "Export this board as CSV", "es": "Exportar esta pizarra como CSV"},
    "board.export_help": {
        "en": "Every entry of the current board with every stored field, for a spreadsheet.",
        "es": "Todas las entradas de la pizarra actual con todos sus campos, para una hoja de cálculo.",
    },
    "board.clear_confirm": {
        "en": "Yes, delete the {entries} entries of this board",
        "es": "Sí, borrar las {entries} entradas de esta pizarra",
    },
    "board.clear": {"en": "Clear this board", "es": "Vaciar esta pizarra"},
    "board.cleared": {"en": "Deleted {entries} entries.", "es": "Se borraron {entries} entradas."},
    "board.new_name": {"en": "New board's name", "es": "Nombre de la nueva pizarra"},
    "board.new_name_help": {
        "en": "Leave it empty to name it by today's date. Earlier boards are kept (python -m har board list).",
        "es": "Déjalo vacío para nombrarla con la fecha de hoy. Las pizarras anteriores se conservan "
        "(python -m har board list).",
    },
    "board.new": {"en": "Start a new board", "es": "Empezar una pizarra nueva"},
    "board.started": {
        "en": "Board {board} started; students now publish to it.",
        "es": "Pizarra {board} iniciada; los estudiantes ahora publican en ella.",
    },
    # Errors (HarError.of("board.<key>"))
    "error.board.name_empty": {
        "en": "the display name is empty; type the name the class should see.",
        "es": "el nombre visible está vacío; escribe el nombre que la clase debe ver.",
    },
    "error.board.name_too_long": {
        "en": "the display name has {length} characters; keep it to {limit}.",
        "es": "el nombre visible tiene {length} caracteres; que no pase de {limit}.",
    },
    "error.board.name_not_text": {
        "en": "the display name must be text.",
        "es": "el nombre visible debe ser texto.",
    },
    "error.board.board_name_empty": {
        "en": "the board's name is empty; give a name or leave it out to use today's date.",
        "es": "el nombre de la pizarra está vacío; da un nombre u omítelo para usar la fecha de hoy.",
    },
    "error.board.board_name_too_long": {
        "en": "the board's name has {length} characters; keep it to {limit}.",
        "es": "el nombre de la pizarra tiene {length} caracteres; que no pase de {limit}.",
    },
    "error.board.board_name_not_text": {
        "en": "a board's name must be text.",
        "es": "el nombre de una pizarra debe ser texto.",
    },
    "error.board.field_empty": {
        "en": "the run record's {field} is empty.",
        "es": "el campo {field} del registro de la ejecución está vacío.",
    },
    "error.board.field_too_long": {
        "en": "the run record's {field} has {length} characters, more than the {limit} the board keeps.",
        "es": "el campo {field} del registro de la ejecución tiene {length} caracteres, más de los {limit} que "
        "guarda la pizarra.",
    },
    "error.board.field_not_text": {
        "en": "the run record's {field} is not text.",
        "es": "el campo {field} del registro de la ejecución no es texto.",
    },
    "error.board.not_finished": {
        "en": "only a finished run can be published, and this one is {status}.",
        "es": "solo se puede publicar una ejecución terminada, y esta está en estado {status}.",
    },
    "error.board.no_run": {
        "en": "choose one of the finished runs you trained in this session.",
        "es": "elige una de las ejecuciones terminadas que entrenaste en esta sesión.",
    },
    "error.board.no_epochs": {
        "en": "this run has no finished epoch to publish.",
        "es": "esta ejecución no tiene ninguna época terminada que publicar.",
    },
    "error.board.bad_record": {
        "en": "this run record lacks what the board needs ({detail}).",
        "es": "a este registro de ejecución le falta lo que la pizarra necesita ({detail}).",
    },
    "error.board.already": {
        "en": "run {run} is already on the board {board}, as {name}; each run is published once.",
        "es": "la ejecución {run} ya está en la pizarra {board}, como {name}; cada ejecución se publica una vez.",
    },
    "error.board.full": {
        "en": "the class board is full ({limit:,} entries); ask the lecturer to clear an old board.",
        "es": "la pizarra de la clase está llena ({limit:,} entradas); pide al profesor que vacíe una pizarra antigua.",
    },
    "error.board.rate": {
        "en": "you published {most} times in {window} seconds; wait {seconds} s and try again.",
        "es": "publicaste {most} veces en {window} segundos; espera {seconds} s y vuelve a intentarlo.",
    },
    "error.board.busy": {
        "en": "the class board is busy with other publishes; try again in a moment.",
        "es": "la pizarra de la clase está ocupada con otras publicaciones; vuelve a intentarlo en un momento.",
    },
    "error.board.unwritable": {
        "en": "the board database {path} cannot be used ({detail}); check the folder, or set HAR_BOARD_DB.",
        "es": "no se puede usar la base de datos de la pizarra {path} ({detail}); revisa la carpeta o define "
        "HAR_BOARD_DB.",
    },
    "error.board.damaged": {
        "en": "{path} is not a readable board database ({detail}); move it away and a new one is made.",
        "es": "{path} no es una base de datos de pizarra legible ({detail}); muévela de ahí y se crea una nueva.",
    },
    "error.board.newer": {
        "en": "{path} was written by a newer version of the app (board schema {version}, this one reads up to "
        "{supported}); update the app.",
        "es": "{path} fue escrita por una versión más nueva de la aplicación (esquema {version}, esta lee hasta "
        "{supported}); actualiza la aplicación.",
    },
    "error.board.foreign": {
        "en": "{path} is another program's SQLite database, not a class board; choose another file.",
        "es": "{path} es la base de datos SQLite de otro programa, no una pizarra de la clase; elige otro archivo.",
    },
    "error.board.name_taken": {
        "en": "there is already a board called {name}; choose another name.",
        "es": "ya hay una pizarra llamada {name}; elige otro nombre.",
    },
    "error.board.no_such_board": {
        "en": "there is no board called {name}; the boards are: {names}.",
        "es": "no hay ninguna pizarra llamada {name}; las pizarras son: {names}.",
    },
}
