"""The library's error sentences (`HarError.of(key, ...)` reads `error.<key>`) in English and Spanish, numbers
formatted as in the rest of the app; a detail in parentheses quoting another program stays as that program wrote it."""

TEXT = {
    # Your own .npz (har/data/npz.py)
    "error.npz.single_npy": {
        "en": "{name} is a single .npy array, not an .npz with X and y.",
        "es": "{name} es un solo arreglo .npy, no un .npz con X y y.",
    },
    "error.npz.no_field": {
        "en": "{name} has no {field}; an .npz needs X (clips, frames, features) and y (labels).",
        "es": "{name} no tiene {field}; un .npz necesita X (clips, cuadros, características) y y (etiquetas).",
    },
    "error.npz.no_x_or_y": {
        "en": "{name} has no X or y; an .npz needs X (clips, frames, features) and y (labels).",
        "es": "{name} no tiene ni X ni y; un .npz necesita X (clips, cuadros, características) y y (etiquetas).",
    },
    "error.npz.missing": {
        "en": "{name} does not exist.",
        "es": "{name} no existe.",
    },
    "error.npz.pickles": {
        "en": "{name} contains Python objects (pickles), which are never loaded; save plain arrays.",
        "es": "{name} contiene objetos de Python (pickles), que nunca se cargan; guarda arreglos simples.",
    },
    "error.npz.not_npz": {
        "en": "{name} is not an .npz file; save X and y with numpy.savez.",
        "es": "{name} no es un archivo .npz; guarda X y y con numpy.savez.",
    },
    "error.npz.unreadable": {
        "en": "{name} is not a readable .npz file ({detail}).",
        "es": "{name} no es un archivo .npz legible ({detail}).",
    },
    "error.npz.too_large_arrays": {
        "en": "{name} declares arrays too large for this machine's memory; check the file.",
        "es": "{name} declara arreglos demasiado grandes para la memoria de esta máquina; revisa el archivo.",
    },
    "error.npz.not_strings": {
        "en": "{field} in {name} must be an array of strings, not {dtype}.",
        "es": "{field} en {name} debe ser un arreglo de cadenas de texto, no {dtype}.",
    },
    "error.npz.too_big": {
        "en": "{name} is {size_mb:.1f} MB, more than the {limit_mb:.1f} MB allowed; upload a smaller file.",
        "es": "{name} pesa {size_mb:.1f} MB, más de los {limit_mb:.1f} MB permitidos; sube un archivo más pequeño.",
    },
    "error.npz.not_zip": {
        "en": "{name} is not an .npz file (an .npz is a zip of arrays); save X and y with numpy.savez.",
        "es": "{name} no es un archivo .npz (un .npz es un zip de arreglos); guarda X y y con numpy.savez.",
    },
    "error.npz.stray": {
        "en": "{name} holds {member!r}, which is not an array; an .npz holds only .npy arrays.",
        "es": "{name} contiene {member!r}, que no es un arreglo; un .npz contiene solo arreglos .npy.",
    },
    "error.npz.unpacks_too_big": {
        "en": "{name} would unpack to {size_mb:.1f} MB, more than the {limit_mb:.1f} MB allowed; upload less data.",
        "es": (
            "{name} ocuparía {size_mb:.1f} MB al descomprimirse, más de los {limit_mb:.1f} MB permitidos; sube menos "
            "datos."
        ),
    },
    "error.npz.damaged_array": {
        "en": "{name} has a damaged array {member} ({detail}).",
        "es": "{name} tiene un arreglo dañado, {member} ({detail}).",
    },
    "error.npz.header_pickles": {
        "en": "{name} has an array {member} that declares Python objects (pickles), so it is refused.",
        "es": "{name} tiene un arreglo {member} que declara objetos de Python (pickles), así que se rechaza.",
    },
    "error.npz.header_too_big": {
        "count": "claimed",
        "en": {
            "one": (
                "{name} has an array {member} that declares {claimed:,} byte in a {size:,}-byte member, so it is "
                "refused."
            ),
            "other": (
                "{name} has an array {member} that declares {claimed:,} bytes in a {size:,}-byte member, so it is "
                "refused."
            ),
        },
        "es": {
            "one": (
                "{name} tiene un arreglo {member} que declara {claimed:,} byte, más de lo que ocupa su miembro "
                "({size:,} B), así que se rechaza."
            ),
            "other": (
                "{name} tiene un arreglo {member} que declara {claimed:,} bytes, más de lo que ocupa su miembro "
                "({size:,} B), así que se rechaza."
            ),
        },
    },
    # Any data set's fields (har/data/dataset.py)
    "error.data.x_not_numbers": {
        "en": "X must hold numbers, but its dtype is {dtype}.",
        "es": "X debe contener números, pero su dtype es {dtype}.",
    },
    "error.data.x_not_3d": {
        "en": "X must have 3 dimensions (clips, frames, features), but it has shape {shape}.",
        "es": "X debe tener 3 dimensiones (clips, cuadros, características), pero su forma es {shape}.",
    },
    "error.data.x_empty_dim": {
        "en": "X has an empty dimension (shape {shape}); it needs clips, frames and features.",
        "es": "X tiene una dimensión vacía (forma {shape}); necesita clips, cuadros y características.",
    },
    "error.data.x_not_finite": {
        "count": "count",
        "en": {
            "one": "X has {count} NaN or infinite value (in clip {clip}); clean it first.",
            "other": "X has {count} NaN or infinite values (the first in clip {clip}); clean them first.",
        },
        "es": {
            "one": "X tiene {count} valor NaN o infinito (en el clip {clip}); límpialo primero.",
            "other": "X tiene {count} valores NaN o infinitos (el primero en el clip {clip}); límpialos primero.",
        },
    },
    "error.data.keys_count": {
        "en": "the number of keys ({keys}) differs from the number of clips ({n}); give one key per clip.",
        "es": "el número de claves ({keys}) no coincide con el de clips ({n}); da una clave por clip.",
    },
    "error.data.groups": {
        "en": "groups must hold one integer per clip ({n} in all), but got shape {shape} of {dtype}.",
        "es": "groups debe tener un entero por clip ({n} en total), pero tiene forma {shape} de tipo {dtype}.",
    },
    "error.data.y_shape": {
        "en": "y must hold one label per clip ({n}), but it has shape {shape}.",
        "es": "y debe tener una etiqueta por clip ({n}), pero su forma es {shape}.",
    },
    "error.data.y_not_whole": {
        "en": "labels must be whole numbers, but y has dtype {dtype}.",
        "es": "las etiquetas deben ser números enteros, pero y tiene dtype {dtype}.",
    },
    "error.data.y_negative": {
        "en": "labels must be 0 or more, but y contains {label}.",
        "es": "las etiquetas deben ser 0 o más, pero y contiene {label}.",
    },
    "error.data.one_class": {
        "en": "the data has only one class; a classifier needs at least two.",
        "es": "los datos tienen una sola clase; un clasificador necesita al menos dos.",
    },
    "error.data.label_out_of_range": {
        "count": "names",
        "en": {
            "one": "label {label} is out of range: there is only {names} class name (label 0).",
            "other": "label {label} is out of range: there are only {names} class names (labels 0..{last}).",
        },
        "es": {
            "one": "la etiqueta {label} está fuera de rango: solo hay {names} nombre de clase (etiqueta 0).",
            "other": (
                "la etiqueta {label} está fuera de rango: solo hay {names} nombres de clase (etiquetas 0..{last})."
            ),
        },
    },
    # A zarr store in the course's layout (har/data/store.py)
    "error.store.missing": {
        "en": "{path} does not exist; give the path of a .zarr store or an .npz file.",
        "es": "{path} no existe; da la ruta de un almacén .zarr o de un archivo .npz.",
    },
    "error.store.not_folder": {
        "en": "{path} is not a zarr store (a store is a folder); give a .zarr folder or an .npz file.",
        "es": "{path} no es un almacén zarr (un almacén es una carpeta); da una carpeta .zarr o un archivo .npz.",
    },
    "error.store.not_v2": {
        "en": "{path} is not a zarr v2 group; expected the course's ucf11.zarr layout.",
        "es": "{path} no es un grupo zarr v2; se esperaba la estructura ucf11.zarr del curso.",
    },
    "error.store.empty": {
        "en": "the store {path} holds no clips.",
        "es": "el almacén {path} no contiene clips.",
    },
    "error.store.shapes_differ": {
        "en": "clips have different shapes: {first} is {first_shape} but {key} is {shape}.",
        "es": "los clips tienen formas distintas: {first} es {first_shape} pero {key} es {shape}.",
    },
    "error.store.bad_label": {
        "en": "clip {key} has label {label!r}; labels must be whole numbers 0 or more.",
        "es": "el clip {key} tiene la etiqueta {label!r}; las etiquetas deben ser números enteros de 0 o más.",
    },
    "error.store.label_out_of_range": {
        "en": (
            "clip {key} has label {label}, out of range: the store uses only {used} different labels and labels must "
            "number the classes from 0; fix that clip's label."
        ),
        "es": (
            "el clip {key} tiene la etiqueta {label}, fuera de rango: el almacén usa solo {used} etiquetas distintas y "
            "las etiquetas deben numerar las clases desde 0; corrige la etiqueta de ese clip."
        ),
    },
    "error.store.no_label": {
        "en": "clip {key} has no label: its attribute 'y' is missing.",
        "es": "el clip {key} no tiene etiqueta: le falta su atributo 'y'.",
    },
    "error.store.unreadable_clip": {
        "en": "clip {key} cannot be read ({detail}); the store is damaged; write or download it again.",
        "es": "el clip {key} no se puede leer ({detail}); el almacén está dañado; escríbelo o descárgalo de nuevo.",
    },
    "error.store.clip_not_2d": {
        "en": "clip {key} has shape {shape}; each clip must be (frames, features).",
        "es": "el clip {key} tiene forma {shape}; cada clip debe ser (cuadros, características).",
    },
    # Downloading the UCF11 store (har/data/download.py)
    "error.download.bad_url": {
        "en": "{url!r} is not a URL this can download; give an http://, https:// or file:// URL.",
        "es": "{url!r} no es una URL que se pueda descargar; da una URL http://, https:// o file://.",
    },
    "error.download.cannot_create": {
        "en": "cannot create the data folder {dest} ({detail}); choose another with --dir or HAR_DATA_DIR.",
        "es": "no se puede crear la carpeta de datos {dest} ({detail}); elige otra con --dir o HAR_DATA_DIR.",
    },
    "error.download.cannot_write": {
        "en": "could not write in the data folder {dest} ({detail}); check its permissions and free space.",
        "es": "no se pudo escribir en la carpeta de datos {dest} ({detail}); revisa sus permisos y el espacio libre.",
    },
    "error.download.md5": {
        "en": (
            "the downloaded file's md5 is {digest} but {md5} was expected, so it is damaged or not the UCF11 store; "
            "try again, or check the URL and md5."
        ),
        "es": (
            "el md5 del archivo descargado es {digest} pero se esperaba {md5}, así que está dañado o no es el almacén "
            "de UCF11; inténtalo de nuevo, o revisa la URL y el md5."
        ),
    },
    "error.download.busy": {
        "en": "another download into {dest} is running; wait for it to finish.",
        "es": "ya hay otra descarga en curso en {dest}; espera a que termine.",
    },
    "error.download.http": {
        "en": "the server answered {code} ({reason}) for {url}; check the URL.",
        "es": "el servidor respondió {code} ({reason}) para {url}; revisa la URL.",
    },
    "error.download.unreachable": {
        "en": "could not download {url} ({detail}); check the network connection or the URL.",
        "es": "no se pudo descargar {url} ({detail}); revisa la conexión de red o la URL.",
    },
    "error.download.failed": {
        "en": "the download of {url} failed ({detail}); try again.",
        "es": "la descarga de {url} falló ({detail}); inténtalo de nuevo.",
    },
    "error.download.short": {
        "count": "total",
        "en": {
            "one": "the download stopped early ({done:,} of {total:,} byte); try again.",
            "other": "the download stopped early ({done:,} of {total:,} bytes); try again.",
        },
        "es": {
            "one": "la descarga se detuvo antes de tiempo ({done:,} de {total:,} byte); inténtalo de nuevo.",
            "other": "la descarga se detuvo antes de tiempo ({done:,} de {total:,} bytes); inténtalo de nuevo.",
        },
    },
    "error.download.timeout": {
        "count": "seconds",
        "en": {
            "one": "the server for {url} sent nothing for {seconds:g} second; try again later or use a mirror.",
            "other": "the server for {url} sent nothing for {seconds:g} seconds; try again later or use a mirror.",
        },
        "es": {
            "one": (
                "el servidor de {url} no envió nada durante {seconds:g} segundo; inténtalo más tarde o usa un espejo."
            ),
            "other": (
                "el servidor de {url} no envió nada durante {seconds:g} segundos; inténtalo más tarde o usa un espejo."
            ),
        },
    },
    "error.download.absolute_member": {
        "en": "the archive is unsafe: member {member!r} has an absolute path; nothing was installed.",
        "es": "el archivo comprimido no es seguro: el miembro {member!r} tiene una ruta absoluta; no se instaló nada.",
    },
    "error.download.unsafe": {
        "en": "the archive is unsafe ({detail}); nothing was installed.",
        "es": "el archivo comprimido no es seguro ({detail}); no se instaló nada.",
    },
    "error.download.damaged": {
        "en": "the archive is damaged or incomplete ({detail}); download it again.",
        "es": "el archivo comprimido está dañado o incompleto ({detail}); descárgalo de nuevo.",
    },
    "error.download.no_store": {
        "en": "the archive holds no {store} folder, so it is not the course's UCF11 store.",
        "es": "el archivo comprimido no contiene una carpeta {store}, así que no es el almacén de UCF11 del curso.",
    },
    "error.download.store_not_v2": {
        "en": "the archive's {store} is not a zarr v2 group (no .zgroup), so it cannot be loaded.",
        "es": (
            "el {store} del archivo comprimido no es un grupo zarr v2 (no tiene .zgroup), así que no se puede cargar."
        ),
    },
    "error.download.cannot_move": {
        "en": "could not move the new store to {store} ({detail}); the old one, if any, is unchanged.",
        "es": "no se pudo mover el almacén nuevo a {store} ({detail}); el anterior, si lo había, no cambió.",
    },
    # Run records (har/runs.py)
    "error.run.not_json": {
        "en": "this is not a run record: the JSON does not parse ({detail}).",
        "es": "esto no es un registro de entrenamiento: el JSON no se puede leer ({detail}).",
    },
    "error.run.not_a_run": {
        "en": 'this JSON is not a run record (no "format": "har-run").',
        "es": 'este JSON no es un registro de entrenamiento (no tiene "format": "har-run").',
    },
    "error.run.version": {
        "en": "this run record has version {version!r}; this version of the app reads version {expected}.",
        "es": (
            "este registro de entrenamiento tiene la versión {version!r}; esta versión de la aplicación lee la versión "
            "{expected}."
        ),
    },
    "error.run.malformed": {
        "en": "this run record is incomplete or malformed ({detail}).",
        "es": "este registro de entrenamiento está incompleto o mal formado ({detail}).",
    },
    "error.run.unreadable": {
        "en": "cannot read the run record {path} ({detail}).",
        "es": "no se puede leer el registro de entrenamiento {path} ({detail}).",
    },
    # Paths typed into the app (har/paths.py)
    "error.path.off": {
        "en": "local paths are turned off on this server (no HAR_DATA_ROOT is set); upload an .npz instead.",
        "es": "las rutas locales están desactivadas en este servidor (no hay HAR_DATA_ROOT); sube un .npz en su lugar.",
    },
    "error.path.empty": {
        "en": "the path is empty; give a store or .npz under the data folder.",
        "es": "la ruta está vacía; da un almacén o un .npz dentro de la carpeta de datos.",
    },
    "error.path.null": {
        "en": "the path contains a null character; give a plain file or folder name.",
        "es": "la ruta contiene un carácter nulo; da un nombre simple de archivo o carpeta.",
    },
    "error.path.dotdot": {
        "en": "the path {path!r} contains '..', which is not allowed; give a path inside the data folder.",
        "es": "la ruta {path!r} contiene '..', que no está permitido; da una ruta dentro de la carpeta de datos.",
    },
    "error.path.unresolvable": {
        "en": "the path {path!r} cannot be resolved ({detail}); give another one.",
        "es": "la ruta {path!r} no se puede resolver ({detail}); da otra.",
    },
    "error.path.outside": {
        "en": "the path {path!r} leads outside the data folder {root} (directly or through a link), so it is refused.",
        "es": (
            "la ruta {path!r} lleva fuera de la carpeta de datos {root} (directamente o por un enlace), así que se "
            "rechaza."
        ),
    },
    # Memory needed to train (har/guard.py)
    "error.guard.bad_limit": {
        "en": "{env} must be a number of megabytes, not {limit!r}.",
        "es": "{env} debe ser un número de megabytes, no {limit!r}.",
    },
    "error.guard.too_large": {
        "count": "params",
        "en": {
            "one": (
                "this training needs about {total} of memory but {available} is available: the {model} alone has "
                "{params:,} parameter ({need} with its gradients, Adam's state and a batch of {batch}); choose a "
                "smaller model or batch."
            ),
            "other": (
                "this training needs about {total} of memory but {available} is available: the {model} alone has "
                "{params:,} parameters ({need} with its gradients, Adam's state and a batch of {batch}); choose a "
                "smaller model or batch."
            ),
        },
        "es": {
            "one": (
                "este entrenamiento necesita unos {total} de memoria pero hay {available} disponibles: solo la "
                "{model} tiene {params:,} parámetro ({need} con sus gradientes, el estado de Adam y un lote de "
                "{batch}); elige un modelo o un lote más pequeño."
            ),
            "other": (
                "este entrenamiento necesita unos {total} de memoria pero hay {available} disponibles: solo la "
                "{model} tiene {params:,} parámetros ({need} con sus gradientes, el estado de Adam y un lote de "
                "{batch}); elige un modelo o un lote más pequeño."
            ),
        },
    },
    # Training (har/train.py)
    "error.train.no_cuda": {
        "en": "CUDA was asked for but no GPU is available; choose the CPU or auto.",
        "es": "se pidió CUDA pero no hay ninguna GPU disponible; elige la CPU o automático.",
    },
    "error.train.not_finite": {
        "en": "Training diverged in epoch {epoch}: the loss became {loss}; lower the learning rate.",
        "es": (
            "El entrenamiento divergió en la época {epoch}: la pérdida se volvió {loss}; baja la tasa de aprendizaje."
        ),
    },
    "error.train.not_finite_model": {
        "en": "Training diverged in epoch {epoch}: the {model}'s loss became {loss}; lower the learning rate.",
        "es": (
            "El entrenamiento divergió en la época {epoch}: la pérdida de la {model} se volvió {loss}; baja la tasa de "
            "aprendizaje."
        ),
    },
    "error.train.too_high": {
        "count": "times",
        "en": {
            "one": (
                "Training diverged in epoch {epoch}: the mean loss {loss:.4g} is more than that of guessing "
                "({chance:.2f}); lower the learning rate."
            ),
            "other": (
                "Training diverged in epoch {epoch}: the mean loss {loss:.4g} is more than {times} times that of "
                "guessing ({chance:.2f}); lower the learning rate."
            ),
        },
        "es": {
            "one": (
                "El entrenamiento divergió en la época {epoch}: la pérdida media {loss:.4g} es mayor que la de "
                "adivinar ({chance:.2f}); baja la tasa de aprendizaje."
            ),
            "other": (
                "El entrenamiento divergió en la época {epoch}: la pérdida media {loss:.4g} es más de {times} veces la "
                "de adivinar ({chance:.2f}); baja la tasa de aprendizaje."
            ),
        },
    },
    "error.train.too_high_model": {
        "count": "times",
        "en": {
            "one": (
                "Training diverged in epoch {epoch}: the {model}'s mean loss {loss:.4g} is more than that of guessing "
                "({chance:.2f}); lower the learning rate."
            ),
            "other": (
                "Training diverged in epoch {epoch}: the {model}'s mean loss {loss:.4g} is more than {times} times "
                "that of guessing ({chance:.2f}); lower the learning rate."
            ),
        },
        "es": {
            "one": (
                "El entrenamiento divergió en la época {epoch}: la pérdida media de la {model} {loss:.4g} es mayor que "
                "la de adivinar ({chance:.2f}); baja la tasa de aprendizaje."
            ),
            "other": (
                "El entrenamiento divergió en la época {epoch}: la pérdida media de la {model} {loss:.4g} es más de "
                "{times} veces la de adivinar ({chance:.2f}); baja la tasa de aprendizaje."
            ),
        },
    },
    # Uploaded files (dashboard/uploads.py)
    "error.upload.too_big": {
        "en": "{name} is {size_mb:.1f} MB, more than the {max_mb:g} MB allowed; upload a smaller file.",
        "es": "{name} pesa {size_mb:.1f} MB, más de los {max_mb:g} MB permitidos; sube un archivo más pequeño.",
    },
    "error.upload.run_fields": {
        "en": "{name} is a run record with missing or malformed fields ({detail}).",
        "es": "{name} es un registro de entrenamiento con campos faltantes o mal formados ({detail}).",
    },
    # Saved weights (har/weights.py)
    "error.weights.missing": {
        "en": "{name} does not exist.",
        "es": "{name} no existe.",
    },
    "error.weights.unreadable_file": {
        "en": "cannot read {name} ({detail}).",
        "es": "no se puede leer {name} ({detail}).",
    },
    "error.weights.not_torch": {
        "en": "{name} is not a readable weights file (it is not a PyTorch archive).",
        "es": "{name} no es un archivo de pesos legible (no es un archivo de PyTorch).",
    },
    "error.weights.pickles": {
        "en": (
            "{name} holds Python objects besides tensors, so it is refused; save weights with this app or `har lab "
            "weights save`."
        ),
        "es": (
            "{name} contiene objetos de Python además de tensores, así que se rechaza; guarda los pesos con esta "
            "aplicación o con `har lab weights save`."
        ),
    },
    "error.weights.unreadable": {
        "en": "{name} is not a readable weights file ({detail}).",
        "es": "{name} no es un archivo de pesos legible ({detail}).",
    },
    "error.weights.not_ours": {
        "en": '{name} is a PyTorch file but not a weights file of this app (no "format": "{format}").',
        "es": (
            "{name} es un archivo de PyTorch pero no un archivo de pesos de esta aplicación "
            '(no tiene "format": "{format}").'
        ),
    },
    "error.weights.version": {
        "en": "{name} has weights format version {version!r}; this app reads version {expected}.",
        "es": "{name} tiene la versión {version!r} del formato de pesos; esta aplicación lee la versión {expected}.",
    },
    "error.weights.damaged": {
        "en": "{name} is damaged or incomplete ({detail}).",
        "es": "{name} está dañado o incompleto ({detail}).",
    },
    "error.weights.features": {
        "count": "expected",
        "en": {
            "one": "these weights expect clips with {expected} feature per frame, but the loaded data has {found}.",
            "other": "these weights expect clips with {expected} features per frame, but the loaded data has {found}.",
        },
        "es": {
            "one": (
                "estos pesos esperan clips con {expected} característica por cuadro, pero los datos cargados tienen "
                "{found}."
            ),
            "other": (
                "estos pesos esperan clips con {expected} características por cuadro, pero los datos cargados tienen "
                "{found}."
            ),
        },
    },
    "error.weights.classes": {
        "count": "expected",
        "en": {
            "one": "these weights predict {expected} class, but the loaded data has {found}.",
            "other": "these weights predict {expected} classes, but the loaded data has {found}.",
        },
        "es": {
            "one": "estos pesos predicen {expected} clase, pero los datos cargados tienen {found}.",
            "other": "estos pesos predicen {expected} clases, pero los datos cargados tienen {found}.",
        },
    },
    "error.weights.frames": {
        "count": "expected",
        "en": {
            "one": (
                "the notebook CNN in these weights needs clips of {expected} frame, but the loaded data has {found}."
            ),
            "other": (
                "the notebook CNN in these weights needs clips of {expected} frames, but the loaded data has {found}."
            ),
        },
        "es": {
            "one": (
                "la CNN del cuaderno en estos pesos necesita clips de {expected} cuadro, pero los datos cargados "
                "tienen {found}."
            ),
            "other": (
                "la CNN del cuaderno en estos pesos necesita clips de {expected} cuadros, pero los datos cargados "
                "tienen {found}."
            ),
        },
    },
    # Data sources (har/data/sources.py)
    "error.sources.no_ucf11": {
        "en": "UCF11 is not downloaded yet (no {store}); run `python -m har data download` first.",
        "es": "UCF11 aún no está descargado (no existe {store}); ejecuta primero `python -m har data download`.",
    },
    # Lab studies (har/lab/*.py)
    "error.lab.unknown_class": {
        "en": "unknown class {value!r}; give a class number 0-{last} or one of: {names}.",
        "es": "clase desconocida {value!r}; da un número de clase de 0 a {last} o una de: {names}.",
    },
    "error.lab.class_range": {
        "en": "class {i} is out of range; this run has classes 0-{last}.",
        "es": "la clase {i} está fuera de rango; esta ejecución tiene las clases 0 a {last}.",
    },
    "error.lab.no_model": {
        "en": "this run has no model {model!r}; it has {models}.",
        "es": "esta ejecución no tiene el modelo {model!r}; tiene {models}.",
    },
    "error.lab.no_predictions": {
        "en": "the run record holds no test predictions for {model}; train it for at least one epoch.",
        "es": "el registro de la ejecución no tiene predicciones de prueba de {model}; entrénalo al menos una época.",
    },
    "error.lab.clip_missing": {
        "en": "clip {clip} is not in the loaded data set; load the data this run was trained on.",
        "es": "el clip {clip} no está en los datos cargados; carga los datos con los que se entrenó esta ejecución.",
    },
    "error.lab.pooling_fixed": {
        "en": "the notebook CNNs have no pooling choice; pick a temporal CNN to explore pooling.",
        "es": (
            "las CNN del cuaderno no tienen opción de agregación; elige una CNN temporal para explorar la agregación."
        ),
    },
    "error.lab.pooling_unknown": {
        "en": "unknown pooling {bad}; choose from {valid}.",
        "es": "agregación desconocida {bad}; elige entre {valid}.",
    },
    "error.lab.sweep_fixed": {
        "en": (
            "the size sweep resizes a GRU and a temporal CNN; the notebook CNNs have a fixed size, so pick a temporal "
            "CNN."
        ),
        "es": (
            "el barrido de tamaño cambia el tamaño de una GRU y de una CNN temporal; las CNN del cuaderno tienen "
            "tamaño fijo, así que elige una CNN temporal."
        ),
    },
}
