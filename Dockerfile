# Kitchen Sync as one container: the Streamlit page on port 8501.
#   docker build -t kitchen-sync .
#   docker run -p 8501:8501 kitchen-sync
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONMALLOC=malloc

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY .streamlit/ .streamlit/
COPY app.py ./
COPY kitchen/ kitchen/
COPY strategies/ strategies/
COPY views/ views/
COPY classroom/ classroom/
COPY page/ page/
COPY assets/ assets/

RUN useradd --create-home kitchen
USER kitchen

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
