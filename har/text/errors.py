"""The library's error sentences (`HarError.of(key, ...)` reads `error.<key>`) in English and Spanish.

Numbers are formatted as in the rest of the app: a comma groups thousands, a point marks decimals.
A detail in parentheses that quotes another program's message (numpy, the OS) stays as that program wrote it.
"""

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
        "es": "{name} ocuparía {size_mb:.1f} MB al descomprimirse, más de los {limit_mb:.1f} MB permitidos; sube menos datos.",
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
        "en": "{name} has an array {member} that declares {claimed:,} bytes in a {size:,}-byte member, so it is refused.",
        "es": "{name} tiene un arreglo {member} que declara {claimed:,} bytes en un miembro de {size:,} bytes, así que se rechaza.",
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
        "en": "X has {count} NaN or infinite values (the first in clip {clip}); clean them first.",
        "es": "X tiene {count} valores NaN o infinitos (el primero en el clip {clip}); límpialos primero.",
    },
    "error.data.keys_count": {
        "en": "there are {keys} keys for {n} clips; give one key per clip.",
        "es": "hay {keys} claves para {n} clips; da una clave por clip.",
    },
    "error.data.groups": {
        "en": "groups must be {n} integers, one per clip, but got shape {shape} of {dtype}.",
        "es": "groups debe tener {n} enteros, uno por clip, pero tiene forma {shape} de tipo {dtype}.",
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
        "en": "label {label} is out of range: there are only {names} class names (labels 0..{last}).",
        "es": "la etiqueta {label} está fuera de rango: solo hay {names} nombres de clase (etiquetas 0..{last}).",
    },
}
