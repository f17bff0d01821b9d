"""Instance-wide banners shown at the top of every admin page (Unleash's banners)."""

from django.db import models

from flags.markdown import plain_text


class Banner(models.Model):
    class Variant(models.TextChoices):
        INFO = "info"
        WARNING = "warning"
        ERROR = "error"
        SUCCESS = "success"

    variant = models.CharField(max_length=10, choices=Variant.choices, default=Variant.INFO)
    message = models.TextField(help_text="Markdown: **bold**, *italic*, `code`, [links](https://…)")
    link = models.CharField(
        max_length=1000,
        blank=True,
        default="",
        help_text='An http(s) URL, or "dialog" to open the dialog below',
    )
    link_text = models.CharField(max_length=255, blank=True, default="")
    dialog_title = models.CharField(max_length=255, blank=True, default="")
    dialog = models.TextField(blank=True, default="", help_text="Markdown shown in the dialog")
    sticky = models.BooleanField(default=False, help_text="Stays at the top while scrolling")
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        # Admin messages and lists: the words, never a cut through a link or **bold** mark.
        return plain_text(self.message, 60)
