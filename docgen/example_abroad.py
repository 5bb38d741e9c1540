"""The example study abroad (luar negeri): the same office studies the Seoul smart-city
data platform, as plain data (:func:`abroad_example_data`), built on
:func:`docgen.example_domestic.example_data`.
"""

from __future__ import annotations

from typing import Any

from docgen.example_domestic import example_data, progress
from docgen.example_realisation import abroad_realisation


def abroad_example_data(fiscal_year: int = 2027) -> dict[str, Any]:
    """The same office studying the Seoul smart-city data platform abroad (luar negeri).

    Host units, Korean officials, passport numbers and the embassy's letter number are
    invented; the office, its officials and the team are those of :func:`example_data`."""
    y = fiscal_year
    data = example_data(y)
    data["id"] = f"sb-{y}-data-terpadu-seoul"
    goals = data["goals"]
    goals.update(
        title="Studi Banding Tata Kelola Data Pembangunan Terpadu untuk Kota Cerdas",
        topic="public_service",
        scope="luar_negeri",
        background=(
            "Data pembangunan Kabupaten Sleman tersebar di banyak aplikasi perangkat daerah "
            "dengan kode dan definisi yang berbeda, sehingga perencanaan dan pemantauan "
            "pembangunan belum sepenuhnya berbasis bukti. Pemerintah Metropolitan Seoul "
            "mengelola platform data kota terpadu yang menghimpun data layanan, "
            "transportasi, lingkungan dan anggaran dari seluruh dinasnya dan menjadi rujukan "
            "internasional tata kelola data kota.\n"
            "Studi banding ini diperlukan agar Bappeda memperoleh gambaran langsung tentang "
            "kelembagaan, standar data dan pemanfaatan platform tersebut dalam perencanaan "
            "sebelum menyusun rancangan Satu Data Pembangunan Kabupaten Sleman."
        ),
        aims=[
            "Mempelajari tata kelola dan kelembagaan platform data kota terpadu",
            "Mempelajari pemanfaatan data terpadu dalam perencanaan dan pemantauan "
            "pembangunan",
            "Menyusun pokok-pokok rancangan Satu Data Pembangunan Kabupaten Sleman",
        ],
        expected_results=[
            "Catatan praktik terbaik kelembagaan dan standar data kota terpadu",
            "Pokok-pokok rancangan Satu Data Pembangunan Kabupaten Sleman",
            "Rencana tindak lanjut yang terukur untuk Tahun Anggaran berikutnya",
        ],
    )
    goals["legal_bases"] = goals["legal_bases"][:3] + [
        "Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia",
        "Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2019 tentang Tata Cara Perjalanan ke "
        "Luar Negeri di Lingkungan Kementerian Dalam Negeri dan Pemerintahan Daerah",
        goals["legal_bases"][3],
    ]
    plan = data["plan"]
    plan.update(start_date=f"{y}-03-08", end_date=f"{y}-03-12", transport="Pesawat udara")
    plan["agenda"] = [
        {"date": f"{y}-03-08", "start_time": "22:30", "end_time": None, "zone": "WIB",
         "activity": "Perjalanan Jakarta – Seoul", "place": "Bandara Soekarno-Hatta",
         "pic": "Ketua Tim"},
        {"date": f"{y}-03-09", "start_time": "10:00", "end_time": "12:00", "zone": "setempat",
         "activity": "Koordinasi dan pengarahan di KBRI Seoul",
         "place": "Kedutaan Besar Republik Indonesia di Seoul", "pic": "KBRI Seoul"},
        {"date": f"{y}-03-10", "start_time": "09:30", "end_time": "12:30", "zone": "setempat",
         "activity": "Paparan dan diskusi tata kelola data kota",
         "place": "Seoul City Hall", "pic": "Urban Data Policy Division"},
        {"date": f"{y}-03-11", "start_time": "10:00", "end_time": "15:00", "zone": "setempat",
         "activity": "Kunjungan pusat data dan ruang kendali kota",
         "place": "Seoul Smart City Data Center", "pic": "Ketua Tim"},
        {"date": f"{y}-03-12", "start_time": "09:00", "end_time": None, "zone": "setempat",
         "activity": "Perjalanan kembali Seoul – Jakarta – Yogyakarta",
         "place": "Bandara Internasional Incheon", "pic": "Ketua Tim"},
    ]
    travel_papers = [("Sleman", "S2304117"), ("Kota Yogyakarta", "S2304118"),
                     ("Bantul", "S2304119"), ("Klaten", "S2304120")]
    for member, (born, passport) in zip(plan["team"], travel_papers, strict=True):
        member.update(birth_place=born, passport_number=passport, cost_level="D")
    plan["funding"]["source"] = f"APBD Kabupaten Sleman Tahun Anggaran {y}"
    plan["funding"]["account_code"] = "5.1.02.04.02.0001"
    plan["funding"]["account_name"] = "Belanja Perjalanan Dinas Biasa – Luar Negeri"
    account = "5.1.02.04.02.0001"
    plan["budget"] = [
        {"component": "uang_harian", "description": "Uang harian luar negeri Korea Selatan, "
         "termasuk penginapan (4 orang × 5 hari)", "volume": 20, "unit": "OH",
         "unit_price": 5600000, "amount": 112000000, "realized": 109760000,
         "account_code": account,
         "note": "Dibayar dalam rupiah dengan kurs pada saat pencairan"},
        {"component": "tiket", "description": "Tiket pesawat Yogyakarta – Seoul pergi pulang",
         "volume": 4, "unit": "orang", "unit_price": 14500000, "amount": 58000000,
         "realized": 55480000, "account_code": account},
        {"component": "paspor_visa", "description": "Visa kunjungan dinas Korea Selatan",
         "volume": 4, "unit": "orang", "unit_price": 1250000, "amount": 5000000,
         "realized": 4800000, "account_code": account},
        {"component": "asuransi", "description": "Asuransi perjalanan luar negeri",
         "volume": 4, "unit": "orang", "unit_price": 650000, "amount": 2600000,
         "realized": 2600000, "account_code": account},
    ]
    data["destination"]["destinations"] = [
        {"institution": "Seoul Metropolitan Government",
         "addressee": "Duta Besar Republik Indonesia untuk Republik Korea",
         "address": "Seoul City Hall, 110 Sejong-daero, Jung-gu",
         "letter_address": "KBRI Seoul, 380 Yeouidaebang-ro, Yeongdeungpo-gu",
         "city": "Seoul", "province": "", "country": "Korea Selatan",
         "visit_date": f"{y}-03-10"},
    ]
    data["destination"]["candidates"] = [
        {"institution": "Seoul Metropolitan Government", "region": "Seoul",
         "country": "Korea Selatan", "best_practice": "Platform data kota terpadu dan terbuka",
         "reason": "Rujukan internasional tata kelola data kota; pemerintahan daerah dengan "
                   "dinas-dinas seperti kabupaten", "chosen": True},
        {"institution": "Smart Nation and Digital Government Office", "region": "Singapura",
         "country": "Singapura", "best_practice": "Data pemerintah terpadu tingkat nasional",
         "reason": "Skala negara-kota kurang sebanding dengan kabupaten", "chosen": False},
    ]
    data["destination"]["experts"] = [
        {"name": "Dr. Ratih Puspitasari, M.Sc.", "expertise": "Tata kelola data pemerintah",
         "institution": "Departemen Teknik Elektro dan Teknologi Informasi, Universitas "
                        "Gadjah Mada",
         "advice": "Pelajari kelembagaan dan standar data sebelum teknologinya; platform "
                   "hanya berhasil bila ada wali data yang jelas."},
    ]
    data["coordination"].update(
        contact={"name": "Andi Pratama Putra", "jabatan": "Sekretaris Pertama Fungsi Ekonomi "
                 "KBRI Seoul", "phone": "+82-2-783-5675", "email": "seoul.kbri@kemlu.go.id"},
        requested_start=f"{y}-03-09", requested_end=f"{y}-03-11",
        request_date=f"{y}-01-11",
        reply_kind="konfirmasi_kbri", reply_number=f"B-00215/Seoul/II/{y}",
        reply_date=f"{y}-02-05",
        reply_subject="Konfirmasi Jadwal Kunjungan ke Seoul Metropolitan Government",
        permit_number=f"100.3.6/1187/SJ/{y}", permit_date=f"{y}-02-19",
        checklist=[
            {"item": "passport", "status": "done", "date": f"{y}-01-20",
             "note": "Paspor dinas seluruh anggota tim"},
            {"item": "visa", "status": "done", "date": f"{y}-02-24"},
            {"item": "travel_permit", "status": "done", "date": f"{y}-02-19",
             "note": "Izin Menteri Dalam Negeri melalui Gubernur DI Yogyakarta"},
            {"item": "tickets", "status": "done", "date": f"{y}-02-25"},
            {"item": "lodging", "status": "done", "date": f"{y}-02-25"},
            {"item": "briefing", "status": "done", "date": f"{y}-03-04",
             "note": "Pembagian pokok bahasan per anggota tim"},
        ],
    )
    data["execution"] = {
        "log": [
            {"date": f"{y}-03-09", "activity": "Koordinasi dan pengarahan",
             "place": "KBRI Seoul",
             "notes": "Pengarahan tentang tata cara kunjungan dan pendampingan oleh Fungsi "
                      "Ekonomi KBRI Seoul"},
            {"date": f"{y}-03-10", "activity": "Paparan tata kelola data kota",
             "place": "Seoul City Hall",
             "notes": "Diterima Director, Urban Data Policy Division"},
            {"date": f"{y}-03-11", "activity": "Kunjungan pusat data dan ruang kendali",
             "place": "Seoul Smart City Data Center",
             "notes": "Demonstrasi dasbor pimpinan dan alur berbagi data antardinas"},
        ],
        "findings": [
            {"topic": "Kelembagaan data kota",
             "description": "Satu divisi kebijakan data menetapkan standar data, katalog data "
                            "dan aturan berbagi data yang wajib diikuti seluruh dinas; setiap "
                            "dinas menunjuk wali data."},
            {"topic": "Platform data terpadu",
             "description": "Data layanan, transportasi, lingkungan dan anggaran dari sistem "
                            "seluruh dinas dihimpun ke satu platform dengan kamus data "
                            "bersama, sehingga dasbor pimpinan diperbarui setiap hari."},
            {"topic": "Keterbukaan dan pelindungan data",
             "description": "Data tanpa unsur pribadi dibuka melalui portal data terbuka "
                            "kota; data pribadi hanya diolah dalam bentuk anonim."},
            {"topic": "Pemanfaatan dalam perencanaan",
             "description": "Usulan program dinas dilengkapi indikator dari platform data, dan "
                            "capaiannya dipantau melalui dasbor yang sama dalam rapat pimpinan "
                            "bulanan."},
        ],
        "notes": [
            {"date": f"{y}-03-10", "start_time": "09:30", "end_time": "12:30",
             "zone": "setempat", "city": "Seoul",
             "place": "Seoul City Hall",
             "activity": "Paparan dan diskusi tata kelola data kota",
             "chair": "Director, Urban Data Policy Division",
             "chair_name": "Kim Min-jun",
             "host_participants": ["Kim Min-jun, Director, Urban Data Policy Division",
                                   "Park Ji-young, Head of Data Standards Team",
                                   "Andi Pratama Putra, KBRI Seoul (pendamping)"],
             "topics": ["Kelembagaan pengelola data kota",
                        "Standar data dan katalog data bersama"],
             "discussion": [
                 "Urban Data Policy Division menetapkan standar data dan katalog data yang "
                 "wajib dipakai seluruh dinas; setiap dinas menunjuk wali data.",
                 "Data baru masuk ke platform setelah diperiksa kesesuaiannya dengan kamus data "
                 "bersama.",
                 "Data tanpa unsur pribadi dibuka di portal data terbuka kota paling lambat "
                 "satu bulan setelah dihimpun.",
             ],
             "agreements": ["Materi paparan dan contoh kamus data dikirimkan melalui KBRI "
                            "Seoul",
                            "Tim Bappeda menyusun daftar pertanyaan lanjutan tentang standar "
                            "data"],
             "notetaker": "Rina Kartikasari, S.E."},
            {"date": f"{y}-03-11", "start_time": "10:00", "end_time": "15:00",
             "zone": "setempat", "city": "Seoul",
             "place": "Seoul Smart City Data Center",
             "activity": "Kunjungan pusat data dan ruang kendali kota",
             "chair": "Head, Data Platform Operations Team",
             "chair_name": "Lee Seung-ho",
             "host_participants": ["Lee Seung-ho, Head, Data Platform Operations Team",
                                   "Choi Eun-ji, Senior Data Engineer"],
             "topics": ["Arsitektur platform data terpadu",
                        "Dasbor pimpinan dan pemantauan pembangunan"],
             "discussion": [
                 "Platform menghimpun data dari sistem dinas melalui antarmuka yang seragam, "
                 "tanpa mengganti aplikasi dinas yang sudah berjalan.",
                 "Dasbor pimpinan memadukan indikator layanan, lalu lintas dan realisasi "
                 "anggaran untuk rapat pimpinan bulanan.",
             ],
             "agreements": ["Tim Bappeda menyusun pokok-pokok Satu Data Pembangunan Sleman "
                            "dengan mengacu pada kamus data bersama"],
             "notetaker": "Yoga Pratama, S.Kom."},
        ],
        "photos": [
            {"file": "contoh:contoh-foto-1.png", "date": f"{y}-03-09",
             "caption": "Koordinasi tim dengan Fungsi Ekonomi KBRI Seoul"},
            {"file": "contoh:contoh-foto-2.png", "date": f"{y}-03-10",
             "caption": "Paparan tata kelola data kota oleh Urban Data Policy Division"},
            {"file": "contoh:contoh-foto-3.png", "date": f"{y}-03-10",
             "caption": "Diskusi standar data dan katalog data bersama"},
            {"file": "contoh:contoh-foto-4.png", "date": f"{y}-03-11",
             "caption": "Peninjauan ruang kendali Seoul Smart City Data Center"},
        ],
    }
    data["evaluation"] = {
        "aim_results": [
            {"aim": "Tata kelola dan kelembagaan platform data kota",
             "result": "Peran divisi kebijakan data dan wali data per dinas terdokumentasi",
             "achieved": "tercapai"},
            {"aim": "Pemanfaatan data dalam perencanaan dan pemantauan",
             "result": "Alur indikator dari platform ke usulan program dan dasbor dipahami",
             "achieved": "tercapai"},
            {"aim": "Pokok-pokok rancangan Satu Data Pembangunan Sleman",
             "result": "Kerangka awal tersusun; kebutuhan infrastruktur perlu dikaji",
             "achieved": "sebagian"},
        ],
        "lessons": [
            "Platform data terpadu dimulai dari standar data dan wali data, bukan dari "
            "aplikasi",
            "Kamus data bersama memungkinkan data antarperangkat daerah dipadukan tanpa "
            "mengganti aplikasi yang ada",
            "Dasbor yang dipakai dalam rapat pimpinan mendorong perangkat daerah menjaga "
            "mutu datanya",
        ],
        "recommendations": [
            "Menetapkan forum Satu Data Pembangunan dengan wali data di setiap perangkat "
            "daerah",
            "Menyusun kamus data pembangunan bersama Dinas Komunikasi dan Informatika",
            "Menyiapkan dasbor indikator pembangunan untuk rapat pimpinan",
        ],
        # on 15 October: wali data set on time (done), the data dictionary overdue (due
        # 30 September, 60 %), the dashboard under way
        "follow_up": [
            {"id": "b2e0d001", "action": "Penetapan wali data di setiap perangkat daerah",
             "owner": {"name": "Rina Kartikasari, S.E.", "nip": "19860926 201505 2 001",
                       "email": "staf@contoh.go.id"},
             "due_date": f"{y}-06-30",
             "indicator": "Perangkat daerah yang memiliki wali data yang ditetapkan",
             "unit": "perangkat daerah", "baseline": "4", "target": "30", "aim_no": 1,
             "lesson_no": 1, "status": "rencana",
             "updates": [
                 progress(f"{y}-05-12", "18", "berjalan", "Usulan wali data dari 18 perangkat "
                          "daerah diterima"),
                 progress(f"{y}-06-26", "30", "selesai", "Keputusan Kepala Bappeda tentang "
                          "wali data ditetapkan", "Keputusan wali data.pdf"),
             ]},
            {"id": "b2e0d002", "action": "Penyusunan kamus data pembangunan",
             "owner": {"name": "Bappeda bersama Dinas Komunikasi dan Informatika"},
             "due_date": f"{y}-09-30",
             "indicator": "Indikator RPJMD dan Renstra perangkat daerah yang masuk kamus data",
             "unit": "%", "baseline": "0", "target": "100", "aim_no": 2, "lesson_no": 2,
             "status": "rencana",
             "updates": [
                 progress(f"{y}-07-15", "35", "berjalan", "Indikator RPJMD selesai dipetakan"),
                 progress(f"{y}-09-10", "60", "berjalan", "Renstra 18 perangkat daerah masuk",
                          "Rekap kamus data.xlsx"),
             ]},
            {"id": "b2e0d003", "action": "Uji coba dasbor indikator pembangunan",
             "owner": {"name": "Sekretariat Bappeda"}, "due_date": f"{y}-12-15",
             "indicator": "Rapat pimpinan yang memakai dasbor", "unit": "rapat",
             "baseline": "0", "target": "1", "aim_no": 3, "status": "rencana",
             "updates": [
                 progress(f"{y}-08-03", "0", "berjalan", "Purwarupa dasbor disiapkan"),
             ]},
        ],
    }
    data["reporting"] = {
        "addressee": "Bupati Sleman",
        "report_date": f"{y}-03-19",
        "summary": (
            "Tim Bappeda Kabupaten Sleman telah melaksanakan studi banding ke Pemerintah "
            "Metropolitan Seoul dan memperoleh gambaran menyeluruh tentang kelembagaan, "
            "standar data dan pemanfaatan platform data kota terpadu."
        ),
        "conclusions": [
            "Satu Data Pembangunan layak diterapkan di Kabupaten Sleman secara bertahap, "
            "dimulai dari standar data dan wali data",
            "Keberhasilan bergantung pada kamus data bersama, forum data yang tetap, dan "
            "pemakaian data dalam rapat pimpinan",
        ],
        "dissemination": [
            {"kind": "rapat",
             "title": "Diseminasi Hasil Studi Banding Tata Kelola Data Pembangunan Terpadu",
             "date": f"{y}-03-26", "start_time": "09:00", "end_time": "12:00", "zone": "WIB",
             "place": "Ruang Rapat Bappeda Kabupaten Sleman",
             "invitees": ["Kepala Dinas Komunikasi dan Informatika Kabupaten Sleman",
                          "Kepala Badan Keuangan dan Aset Daerah Kabupaten Sleman",
                          "Kepala Badan Pusat Statistik Kabupaten Sleman"]},
        ],
    }
    data["realisation"] = abroad_realisation(y)
    return data
