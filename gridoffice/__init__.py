"""GridOffice (网格办公): the grid office's desktop tool for 微网实格 work."""

__version__ = "0.1.0"
