"""Text for a class on one server: the shared UCF11 download."""

TEXT = {
    "data.download_shared": {
        "en": (
            "The download runs on the server: it goes on when you switch page, and a click on Download in any "
            "student's tab joins this one instead of starting another."
        ),
        "es": (
            "La descarga se hace en el servidor: sigue aunque cambies de página, y un clic en Descargar en la "
            "pestaña de cualquier estudiante se une a esta en vez de empezar otra."
        ),
    },
}
